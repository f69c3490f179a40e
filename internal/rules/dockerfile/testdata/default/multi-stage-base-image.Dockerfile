# A base image for builds (no CMD or ENTRYPOINT, nothing copied in): its
# tool chain is the point. No dockerfile/multi-stage.
FROM debian:bookworm-20240701-slim
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends \
		gcc=4:12.2.0-3 \
		libc6-dev=2.36-9+deb12u7 \
		make=4.3-4.1 \
	; \
	rm -rf /var/lib/apt/lists/*
USER 10001:10001
HEALTHCHECK CMD ["gcc", "--version"]

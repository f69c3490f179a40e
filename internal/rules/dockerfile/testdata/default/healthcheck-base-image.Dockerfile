# A base image to build FROM does not know what will serve: no
# dockerfile/healthcheck. It still sets a non-root user.
FROM debian:bookworm-20240701-slim
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends ca-certificates=20230311; \
	rm -rf /var/lib/apt/lists/*
USER 10001:10001

# apt-get dist-clean (apt 2.7 and later) removes the package lists, and an
# rm run through sudo removes them too: no dockerfile/package-cleanup.
FROM debian:trixie-20240701-slim
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends ca-certificates=20240203; \
	apt-get dist-clean
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl=8.8.0-1 \
 # want-next: dockerfile/sudo
 && sudo rm -rf /var/lib/apt/lists/*
# apt-get clean removes only the downloaded archives, not the lists.
RUN apt-get update \
# want-next: dockerfile/package-cleanup
 && apt-get install -y --no-install-recommends git=1:2.45.2-1 \
 && apt-get clean
USER 10001:10001
HEALTHCHECK CMD ["/bin/true"]

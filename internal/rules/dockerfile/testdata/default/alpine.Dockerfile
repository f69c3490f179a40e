FROM alpine:3.20
# want-next: dockerfile/package-pinning dockerfile/package-cleanup
RUN apk add curl
RUN apk add --no-cache curl=8.9.1-r1 git~2.45
RUN apk update && apk add jq=1.7.1-r0 && rm -rf /var/cache/apk/*
USER 10001
HEALTHCHECK CMD ["true"]
# Upgrading every package in the build is reported (rebuild on a patched base).
# want-next: dockerfile/package-pinning
RUN apk upgrade --no-cache
RUN apk add --no-cache --upgrade ca-certificates=20240705-r0

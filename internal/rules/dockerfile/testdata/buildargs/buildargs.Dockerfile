# Scanned with --build-arg TAG=latest --build-arg RUNTIME_USER=root.
ARG TAG=3.20
# want-next: dockerfile/base-unpinned
FROM alpine:${TAG}
ARG RUNTIME_USER=app
HEALTHCHECK CMD ["true"]
# want-next: dockerfile/root-user
USER ${RUNTIME_USER}
# A secret passed with --build-arg is not written in the Dockerfile.
ARG NPM_TOKEN=changeme

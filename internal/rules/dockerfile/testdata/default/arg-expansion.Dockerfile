ARG REGISTRY=docker.io
ARG TAG=latest
ARG UNKNOWN_TAG
# want-next: dockerfile/base-unpinned
FROM ${REGISTRY}/library/python:${TAG} AS a
# An unknown tag cannot be judged.
FROM python:${UNKNOWN_TAG} AS b
# want-next: dockerfile/trusted-registry dockerfile/base-unpinned
FROM quay.io/someone/tool:${TAG:-1.0} AS c
ARG APP_USER=root
FROM alpine:3.20
ARG UID=0
HEALTHCHECK CMD ["true"]
# want-next: dockerfile/root-user
USER ${UID}

# hadolint global ignore=DL3018,DL3019
FROM alpine:3.20
RUN apk add curl
USER 10001
HEALTHCHECK CMD ["true"]
# want-next: dockerfile/sudo
RUN sudo true

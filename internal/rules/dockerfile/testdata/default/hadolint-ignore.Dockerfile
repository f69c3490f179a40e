# hadolint ignore=DL3006
FROM alpine
# hadolint ignore=DL3018,DL3019
RUN apk update && \
    apk add curl
# shipshape:ignore dockerfile/sudo -- the base image's installer needs it
RUN sudo true
# An unrelated hadolint ID does not silence the rule.
# hadolint ignore=DL3008
# want-next: dockerfile/package-pinning
RUN apk add --no-cache git
USER 10001
# hadolint ignore=DL3020
ADD app.py /app/app.py
HEALTHCHECK CMD ["true"]

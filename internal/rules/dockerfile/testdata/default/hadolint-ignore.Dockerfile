# hadolint ignore=DL3006
FROM alpine
# hadolint ignore=DL3018,DL3019
RUN apk update && \
    apk add curl
# shipshape:ignore dockerfile/sudo -- the base image's installer needs it
RUN sudo true
# An unrelated hadolint ID does not silence the rule: DL3008 is apt-get's
# pinning check, this finding is apk's (DL3018).
# want-next: dockerfile/package-pinning
# hadolint ignore=DL3008
RUN apk add --no-cache git
# A RUN that dist-upgrades and installs: ignoring the pinning check (DL3008)
# leaves the dist-upgrade (DL3005) reported.
# want-next: dockerfile/package-pinning
# hadolint ignore=DL3008
RUN apt-get update && apt-get dist-upgrade -y && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
# Ignoring only --no-install-recommends (DL3015) leaves the pip cache (DL3042).
# want-next: dockerfile/package-cleanup
# hadolint ignore=DL3015,DL3013
RUN pip install requests
USER 10001
# hadolint ignore=DL3020
ADD app.py /app/app.py
HEALTHCHECK CMD ["true"]

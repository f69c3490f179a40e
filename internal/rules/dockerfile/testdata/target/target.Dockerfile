# Scanned with --target debug: the debug stage is the one built, not the last.
# want-next: dockerfile/root-user dockerfile/healthcheck
FROM alpine:3.20 AS debug
# want-next: dockerfile/exposed-ssh
EXPOSE 22

FROM alpine:3.20 AS prod
USER 10001
HEALTHCHECK CMD ["true"]

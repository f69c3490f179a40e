# A credential on a continuation line of a long RUN is reported on that
# line, not on the RUN keyword many lines above.
FROM alpine:3.20
RUN apk add --no-cache \
      curl=8.9.1-r1 \
      git=2.45.2-r0 \
    && mkdir -p /etc/app \
# want-next: dockerfile/secrets
    && echo 'token=ghp_0123456789abcdefghijABCDEFGHIJ0123456789' > /etc/app/config
USER 10001:10001
HEALTHCHECK CMD ["/bin/true"]

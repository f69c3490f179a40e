# RUN steps added to a service image: it still runs redis, so it needs a
# health check although the Dockerfile sets no CMD.
# want-next: dockerfile/healthcheck
FROM redis:7.2.5-alpine3.20
RUN apk add --no-cache tzdata=2024a-r1
USER 999:999

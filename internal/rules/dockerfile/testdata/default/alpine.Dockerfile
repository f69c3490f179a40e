FROM alpine:3.20
# want-next: dockerfile/package-pinning dockerfile/package-cleanup
RUN apk add curl
RUN apk add --no-cache curl=8.9.1-r1 git~2.45
RUN apk update && apk add jq=1.7.1-r0 && rm -rf /var/cache/apk/*
USER 10001
HEALTHCHECK CMD ["true"]
# apk upgrade applies security fixes: not reported.
RUN apk upgrade --no-cache
RUN apk add --no-cache --upgrade ca-certificates=20240705-r0

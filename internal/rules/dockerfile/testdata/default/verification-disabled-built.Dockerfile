FROM alpine:3.20 AS builder
RUN apk add --no-cache abuild=3.13.0-r3 && mkdir -p /tmp/packages
RUN useradd -r app
USER app
HEALTHCHECK CMD ["/bin/true"]

FROM alpine:3.20
COPY --from=builder /tmp/packages/ /opt/pkgs/
# packages the builder stage made, through a mount of it
# want-next: dockerfile/verification-disabled
RUN --mount=type=bind,target=/tmp/packages/,source=/tmp/packages/,from=builder apk add --no-cache --allow-untrusted /tmp/packages/nginx-module-${MODULE}*.apk
# and through an earlier COPY --from of it
# want-next: dockerfile/verification-disabled
RUN apk add --no-cache --allow-untrusted /opt/pkgs/tool-1.0-r0.apk
# a file of the build context: the plain message
# want-next: dockerfile/verification-disabled
RUN apk add --no-cache --allow-untrusted /tmp/packages/other.apk
# a package from the repositories beside the built one: the plain message
# want-next: dockerfile/verification-disabled
RUN apk add --no-cache --allow-untrusted /opt/pkgs/tool-1.0-r0.apk curl=8.9.1-r1
RUN adduser -D app
USER app
HEALTHCHECK CMD ["/bin/true"]

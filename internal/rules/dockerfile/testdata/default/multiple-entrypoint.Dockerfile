FROM golang:1.23 AS build
# want-next: dockerfile/multiple-entrypoint
CMD ["go", "version"]
CMD ["go", "env"]

FROM alpine:3.20
RUN adduser -D app
USER app
HEALTHCHECK CMD ["/bin/true"]
# want-next: dockerfile/multiple-entrypoint
ENTRYPOINT ["/bin/sh"]
ENTRYPOINT ["/app/server"]
# want-next: dockerfile/multiple-entrypoint
CMD ["--debug"]
CMD ["--port", "8080"]

FROM golang:1.22 AS builder
# Builder stages may run as root.
USER root
RUN go build -o /out/app ./...

FROM alpine:3.20
COPY --from=builder /out/app /app
USER app
HEALTHCHECK CMD ["/app", "health"]
# want-next: dockerfile/root-user
USER 0:0

# want-next: dockerfile/large-base
FROM golang:1.22.5
WORKDIR /src
COPY . .
# want-next: dockerfile/multi-stage
RUN go mod download && CGO_ENABLED=0 go build -o /app .
USER 10001
HEALTHCHECK CMD ["/app", "-health"]
ENTRYPOINT ["/app"]

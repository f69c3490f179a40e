# The per-architecture repositories (arm64v8/, amd64/...) hold builds of the
# Docker Official Images: trusted where docker.io/library is, no
# dockerfile/trusted-registry.
FROM arm64v8/golang:1.22.5-bookworm AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .

FROM arm64v8/alpine:3.20
COPY --from=build /out/app /usr/local/bin/app
USER 10001:10001
HEALTHCHECK CMD ["app", "health"]
ENTRYPOINT ["app"]

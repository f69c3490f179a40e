# ignored.Dockerfile.dockerignore, beside it, excludes .env for this Dockerfile.
FROM golang:1.22.5 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /src /app
HEALTHCHECK CMD ["/app/app", "-health"]

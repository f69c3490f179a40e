FROM golang:1.22.5 AS build
WORKDIR /src
# The builder takes in .env, but only the binary reaches the image.
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
HEALTHCHECK CMD ["/app", "-health"]

FROM golang:1.22.5 AS build
RUN CGO_ENABLED=0 go build -o /app .

FROM scratch
COPY --from=build /app /app
USER 65534
HEALTHCHECK CMD ["/app", "-health"]
ENTRYPOINT ["/app"]

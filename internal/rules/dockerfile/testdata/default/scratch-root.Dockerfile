FROM golang:1.22.5 AS build
RUN CGO_ENABLED=0 go build -o /app .

# want-next: dockerfile/root-user
FROM scratch
COPY --from=build /app /app
HEALTHCHECK CMD ["/app", "-health"]
ENTRYPOINT ["/app"]

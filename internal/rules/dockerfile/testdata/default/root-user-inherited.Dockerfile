FROM debian:12.6-slim AS base
RUN useradd --uid 10001 app
USER 10001

FROM base AS final
COPY app /app
HEALTHCHECK CMD ["/app", "health"]

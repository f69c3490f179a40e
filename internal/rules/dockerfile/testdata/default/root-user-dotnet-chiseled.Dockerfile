# The chiseled and distroless .NET images run as their non-root "app" user:
# no dockerfile/root-user.
ARG REPO=mcr.microsoft.com/dotnet/runtime-deps
FROM $REPO:8.0.7-jammy-chiseled
COPY --chown=1654:1654 app/ /app/
HEALTHCHECK CMD ["/app/app", "--health"]
ENTRYPOINT ["/app/app"]

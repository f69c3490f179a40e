# The full .NET runtime image runs as root unless USER is set.
# want-next: dockerfile/root-user
FROM mcr.microsoft.com/dotnet/runtime:8.0.7-bookworm-slim
COPY app/ /app/
HEALTHCHECK CMD ["dotnet", "/app/app.dll", "--health"]
ENTRYPOINT ["dotnet", "/app/app.dll"]

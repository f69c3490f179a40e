FROM mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022 AS base
HEALTHCHECK CMD ["powershell", "-Command", "exit 0"]

# want-next: dockerfile/root-user
FROM base
COPY app C:\inetpub\wwwroot

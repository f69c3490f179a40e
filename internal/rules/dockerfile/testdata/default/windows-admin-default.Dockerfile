# escape=`
FROM mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022 AS build
# A builder stage may run as the administrator.
USER ContainerAdministrator
RUN dotnet publish -c Release -o C:\out

# Server Core runs as ContainerAdministrator when no USER is set.
# want-next: dockerfile/root-user
FROM mcr.microsoft.com/windows/servercore:ltsc2022
COPY --from=build C:\out C:\app
HEALTHCHECK CMD ["powershell", "-Command", "exit 0"]

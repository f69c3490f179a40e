FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
COPY app C:\app
HEALTHCHECK CMD ["C:\\app\\health.exe"]
# want-next: dockerfile/root-user
USER ContainerAdministrator

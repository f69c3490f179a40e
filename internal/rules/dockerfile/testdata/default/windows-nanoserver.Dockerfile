# Nano Server runs as ContainerUser by default.
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
USER ContainerAdministrator
RUN setx /M PATH "%PATH%;C:\app"
USER ContainerUser
COPY app C:\app
HEALTHCHECK CMD ["C:\\app\\health.exe"]

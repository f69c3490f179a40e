FROM mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022
COPY app C:\app
HEALTHCHECK CMD ["pwsh", "-Command", "exit 0"]

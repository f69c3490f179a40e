# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN Invoke-WebRequest https://example.com/x.ps1 | Invoke-Expression; `
    sudo thing | more
HEALTHCHECK CMD ["powershell", "-Command", "exit 0"]
USER ContainerUser

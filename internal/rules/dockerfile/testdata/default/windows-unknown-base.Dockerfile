# escape=`
# A Windows stage on a base whose default user is not known is not judged.
FROM mcr.microsoft.com/dotnet/aspnet:8.0
COPY app C:\app
HEALTHCHECK CMD ["C:\\app\\health.exe"]

# A stage built FROM another stage inherits its HEALTHCHECK.
FROM python:3.12.4-slim AS base
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8080/health')"]

FROM base
COPY app.py /app/app.py
USER 10001
CMD ["python", "/app/app.py"]

# HEALTHCHECK NONE in the built stage turns off the one it inherits.
FROM python:3.12.4-slim AS base
HEALTHCHECK CMD ["python", "-c", "print(1)"]

FROM base
COPY app.py /app/app.py
USER 10001
# want-next: dockerfile/healthcheck
HEALTHCHECK NONE
CMD ["python", "/app/app.py"]

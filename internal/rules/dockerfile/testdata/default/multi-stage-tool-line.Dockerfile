# The finding is on the continuation line that names the build tool.
FROM python:3.12.4-slim-bookworm
WORKDIR /app
COPY requirements.txt .
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpq5=15.7-0+deb12u1 \
# want-next: dockerfile/multi-stage
      gcc=4:12.2.0-3 \
 && pip install --no-cache-dir -r requirements.txt \
 && rm -rf /var/lib/apt/lists/*
USER 10001:10001
HEALTHCHECK CMD ["python", "-c", "print(1)"]
CMD ["python", "-m", "app"]

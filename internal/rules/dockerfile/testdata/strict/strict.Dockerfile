# Scanned in strict mode: tags are not enough.
# want-next: dockerfile/base-unpinned
FROM python:3.12.4-slim AS build
FROM python:3.12.4-slim@sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d
USER 10001
HEALTHCHECK CMD ["python", "-c", "print(1)"]

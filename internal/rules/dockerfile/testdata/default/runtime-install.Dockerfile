FROM python:3.12.4-slim AS base
# want-next: dockerfile/runtime-install
CMD pip install --no-cache-dir flask==3.0.3 && python app.py

FROM base AS final
USER 10001
HEALTHCHECK CMD ["python", "-c", "print(1)"]

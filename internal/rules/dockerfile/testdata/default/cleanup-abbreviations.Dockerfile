# pip takes unambiguous prefixes of its long options (--no-cache for
# --no-cache-dir), and apk add --no-network downloads nothing to keep: no
# dockerfile/package-cleanup.
FROM python:3.12.4-alpine3.20
RUN pip install --no-cache requests==2.32.3
RUN apk add --no-network --virtual .rundeps so:libssl.so.3
# want-next: dockerfile/package-cleanup
RUN pip install --no-c flask==3.0.3
USER 10001:10001
HEALTHCHECK CMD ["python", "-c", "print(1)"]

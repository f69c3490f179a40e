FROM python:3.12.4-slim
RUN pip install --no-cache-dir flask==3.0.3
USER 10001
HEALTHCHECK CMD ["python", "-c", "print(1)"]
# want-next: dockerfile/runtime-install
ENTRYPOINT ["sh", "-c", "curl -fsSL https://example.com/bootstrap.sh | sh && exec python app.py"]
# The CMD is replaced by the later one.
# want-next: dockerfile/multiple-entrypoint
CMD ["apt-get", "install", "-y", "x"]
CMD ["python", "app.py"]

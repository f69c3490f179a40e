# A base image for other teams: its ONBUILD triggers run in every image built FROM it.
FROM python:3.12.4-slim
# want-next: dockerfile/pipe-to-shell dockerfile/shell-pipefail
ONBUILD RUN curl -fsSL https://example.com/install.sh | sh
# want-next: dockerfile/add-instead-of-copy
ONBUILD ADD http://example.com/tool.tar.gz /opt/
# want-next: dockerfile/add-instead-of-copy
ONBUILD ADD requirements.txt /app/
# want-next: dockerfile/sudo
ONBUILD RUN sudo apt-get clean
# want-next: dockerfile/package-pinning dockerfile/package-cleanup
ONBUILD RUN pip install flask
# want-next: dockerfile/secrets
ONBUILD ENV AWS_ACCESS_KEY_ID=AKIAZ7Q3JX5LKD4PRW2M
# want-next: dockerfile/secrets
ONBUILD COPY id_rsa /root/.ssh/id_rsa
# want-next: dockerfile/world-writable
ONBUILD RUN chmod 777 /app
# want-next: dockerfile/exposed-ssh
ONBUILD EXPOSE 22
# A trigger's SHELL does not give this stage's RUNs pipefail.
ONBUILD SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# want-next: dockerfile/shell-pipefail
RUN curl -fsSL https://example.com/x.tar.gz | tar -xz -C /opt
# Triggers that are fine.
ONBUILD COPY --chown=10001:10001 . /app
ONBUILD RUN pip install --no-cache-dir -r /app/requirements.txt
ONBUILD ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/cfg.json /etc/cfg.json
USER 10001
HEALTHCHECK CMD ["true"]

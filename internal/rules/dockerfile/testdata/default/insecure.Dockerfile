# A single-stage image with most of what can go wrong.
# want-next: dockerfile/base-unpinned dockerfile/healthcheck dockerfile/root-user dockerfile/large-base
FROM node
# want-next: dockerfile/sudo
RUN sudo mkdir /app
# want-next: dockerfile/pipe-to-shell dockerfile/shell-pipefail
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
# want-next: dockerfile/add-instead-of-copy
ADD package.json /app/
# want-next: dockerfile/exposed-ssh
EXPOSE 8080 22/tcp
CMD ["node", "/app/server.js"]
# want-next: dockerfile/add-instead-of-copy
ADD https://example.com/tool.tar.gz /opt/

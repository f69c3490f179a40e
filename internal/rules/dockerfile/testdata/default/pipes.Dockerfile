FROM debian:12.6-slim AS tools
# want-next: dockerfile/pipe-to-shell
RUN bash -c "$(curl -fsSL https://example.com/install.sh)"
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# want-next: dockerfile/pipe-to-shell dockerfile/sudo
RUN wget -qO- https://example.com/install.sh | sudo -E bash -s -- --yes
RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt
# A download verified before it runs is fine.
RUN curl -fsSLo /tmp/i.sh https://example.com/i.sh && echo "abc  /tmp/i.sh" | sha256sum -c - && sh /tmp/i.sh

FROM debian:12.6-slim
# want-next: dockerfile/shell-pipefail
RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt
RUN set -euo pipefail; curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /opt
RUN if [ -f /x ]; then \
      # want-next: dockerfile/pipe-to-shell dockerfile/shell-pipefail
      curl -fsSL https://example.com/x.sh | sh; \
    fi
USER 10001
HEALTHCHECK CMD ["true"]

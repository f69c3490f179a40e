FROM debian:12.6-slim AS builder
# Builder stages are not shipped: their modes do not reach the image.
RUN chmod 777 /src

FROM debian:12.6-slim
# want-next: dockerfile/world-writable
RUN chmod 777 /app
# want-next: dockerfile/world-writable
RUN chmod -R 0777 /app/data
# want-next: dockerfile/world-writable
RUN mkdir -p /app/uploads && chmod 666 /app/uploads/log.txt
# want-next: dockerfile/world-writable
RUN chmod a+rwX /srv
# want-next: dockerfile/world-writable
RUN chmod u+x,o+w /srv/run.sh
# want-next: dockerfile/world-writable dockerfile/sudo
RUN sudo -u root chmod --recursive ugo=rwx /opt/app
# want-next: dockerfile/world-writable
RUN env LC_ALL=C chmod 0666 /etc/app.conf
# want-next: dockerfile/world-writable
RUN sh -c 'chown 10001 /data && chmod 777 /data'
# want-next: dockerfile/world-writable
RUN find /var/www -type d -exec chmod 777 {} +
# want-next: dockerfile/world-writable
RUN mkdir -m 777 /cache
# want-next: dockerfile/world-writable
RUN install -d -m 0777 /cache2
RUN set -e; \
    mkdir -p /work; \
    # want-next: dockerfile/world-writable
    chmod 777 /work
# want-next: dockerfile/world-writable
COPY --chmod=777 app/ /app/
# want-next: dockerfile/world-writable
ADD --chmod=0666 app.tar.gz /opt/
# want-next: dockerfile/world-writable
RUN chmod 0777 -R /var/lib/mpd
# want-next: dockerfile/world-writable
RUN chmod -R a+rwX "$APP_CONF"
# A directory opened for a step and removed in the same RUN leaves no trace in the layer.
RUN tmp="$(mktemp -d)" && chmod 777 "$tmp" && apt-get download hello && rm -rf "$tmp"
RUN mkdir -p /build/out && chmod 777 /build/out && make -C /build && rm -rf /build
# Least modes, the sticky bit, removing write, umask-bound modes and unknown modes are fine.
RUN chmod 755 /app && chmod 0644 /etc/app.conf && chmod -R go-w /app
RUN chmod 1777 /tmp/shared && chmod a+rwxt /tmp/other
RUN chmod +w /app/cache && chmod u+w,g+w /app/log && chmod o-w /srv
RUN chmod "$MODE" /app && chmod --reference=/etc/hosts /app/hosts && chmod 0755 -- /app/bin
RUN install -m 0755 tool /usr/local/bin/tool && mkdir -m 0750 /app/state
COPY --chown=10001:10001 --chmod=755 app/ /app/
COPY --chmod=1777 tmp/ /scratchdir/
USER 10001
HEALTHCHECK CMD ["true"]

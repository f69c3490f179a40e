# A language image defined by RUN alone (the official images are built this
# way on buildpack-deps): the full distribution is the point, the images
# built FROM it are the ones to slim down. No dockerfile/large-base.
FROM buildpack-deps:bookworm-scm AS build
RUN set -eux; curl -fsSLo /tmp/go.tgz https://dl.google.com/go/go1.22.5.linux-amd64.tar.gz; \
    echo "904b924d435eaea086515bc63235b192ea441bd8c9b198c507e85009e6e4c7f0 */tmp/go.tgz" | sha256sum -c -; \
    tar -C /usr/local -xzf /tmp/go.tgz; rm /tmp/go.tgz

FROM buildpack-deps:bookworm-scm
COPY --from=build /usr/local/go /usr/local/go
COPY docker-entrypoint.sh /usr/local/bin/
USER 10001:10001
HEALTHCHECK CMD ["go", "version"]
CMD ["go", "version"]

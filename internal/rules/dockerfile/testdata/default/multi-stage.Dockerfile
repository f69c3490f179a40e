FROM golang:1.22.5 AS build
# Builder stages may carry tool chains.
RUN apt-get update && apt-get install -y --no-install-recommends make=4.3-4.1 && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN go build -o /out/app /src

# want-next: dockerfile/large-base
FROM python:3.12.4
# want-next: dockerfile/multi-stage
RUN apt-get update && apt-get install -y --no-install-recommends gcc=4:12.2.0-3 && rm -rf /var/lib/apt/lists/*
RUN apk add --no-cache --virtual .build-deps gcc=13.2.1-r0 musl-dev=1.2.5-r0 && pip install --no-cache-dir uwsgi==2.0.26 && apk del .build-deps
COPY --from=build /out/app /usr/local/bin/app
USER 10001
HEALTHCHECK CMD ["app", "health"]

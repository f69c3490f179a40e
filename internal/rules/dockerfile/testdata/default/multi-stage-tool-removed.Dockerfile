# A compiler removed again by the RUN that installed it is not kept: no
# dockerfile/multi-stage there; a later RUN that keeps one is reported.
FROM python:3.12.4-alpine3.20
RUN apk add --no-cache --virtual .build-deps build-base=0.5-r3 \
 && pip install --no-cache-dir gcalcli==4.5.1 \
 && apk del .build-deps
# want-next: dockerfile/multi-stage
RUN apk add --no-cache make=4.4.1-r2
USER 10001:10001
HEALTHCHECK CMD ["gcalcli", "--version"]
ENTRYPOINT ["gcalcli"]

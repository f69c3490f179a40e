# A tool image that runs something keeps the compiler it needed only to
# install it: dockerfile/multi-stage.
FROM python:3.12.4-alpine3.20
# want-next: dockerfile/multi-stage
RUN apk add --no-cache build-base=0.5-r3 libffi-dev=3.4.6-r0 \
 && pip install --no-cache-dir gcalcli==4.5.1
USER 10001:10001
HEALTHCHECK CMD ["gcalcli", "--version"]
ENTRYPOINT ["gcalcli"]

# PIP_NO_CACHE_DIR set by ENV or ARG is honoured in the RUNs after it, in
# the stage and in the stages built FROM it; pip turns the cache off for
# every value its strtobool accepts, true or false.
FROM python:3.12.4-slim AS base
# want-next: dockerfile/package-cleanup
RUN pip install requests==2.32.3
ENV PIP_NO_CACHE_DIR=false
RUN pip install flask==3.0.3

FROM base AS app
RUN pip install boto3==1.34.0
ARG PIP_NO_CACHE_DIR=yes
RUN pip install click==8.1.7
# pip ignores an empty value: the cache is on again.
ENV PIP_NO_CACHE_DIR=
# want-next: dockerfile/package-cleanup
RUN pip install rich==13.7.1
USER 10001
HEALTHCHECK CMD ["/bin/true"]

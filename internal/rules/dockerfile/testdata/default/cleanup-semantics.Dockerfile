# dockerfile/package-cleanup follows what the package managers do.
FROM debian:12.5-slim
# A cache or tmpfs mount on the manager's cache directory leaves nothing in the layer.
RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
RUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y --no-install-recommends git=1:2.39.2-1.1
RUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && apt-get install -y --no-install-recommends jq=1.6-2.1
# A mount on another directory does not.
# want-next: dockerfile/package-cleanup
RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y --no-install-recommends wget=1.21.3-1+b2
# The lists removed before the install do not count.
# want-next: dockerfile/package-cleanup
RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y --no-install-recommends vim=2:9.0.1378-2
# rm of a directory above the cache counts.
RUN apt-get update && apt-get install -y --no-install-recommends less=590-2.1 && rm -rf /var/lib/apt
RUN --mount=type=cache,target=/root/.cache pip install requests==2.32.3
RUN --mount=type=cache,target=/home/app/.cache/pip pip install flask==3.0.3
# PIP_NO_CACHE_DIR exported in the RUN, or set before pip on its line, with
# any of pip's true or false spellings.
RUN export PIP_NO_CACHE_DIR=1 && pip install boto3==1.34.0
RUN PIP_NO_CACHE_DIR=off pip install attrs==23.2.0
# Exported after pip, or not exported: pip does not see it.
# want-next: dockerfile/package-cleanup
RUN pip install click==8.1.7 && export PIP_NO_CACHE_DIR=1
# want-next: dockerfile/package-cleanup
RUN PIP_NO_CACHE_DIR=1; pip install rich==13.7.1
# A value pip does not accept is not a setting that turns the cache off.
# want-next: dockerfile/package-cleanup
RUN PIP_NO_CACHE_DIR=maybe pip install httpx==0.27.0
RUN pip install idna==3.7 && pip cache purge
RUN pip install six==1.16.0 && rm -rf /root/.cache/pip
# yarn and zypper
# want-next: dockerfile/package-cleanup
RUN yarn global add pm2@5.3.1
RUN yarn global add nodemon@3.1.0 && yarn cache clean
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile
# want-next: dockerfile/package-cleanup
RUN zypper install -y git-2.43.0
RUN zypper install -y curl-8.6.0 && zypper clean --all
RUN zypper in -y wget-1.21.4 && zypper cc
# yum and dnf: rm of either cache directory cleans, dnf clean all counts.
RUN yum install -y httpd-2.4.57 && rm -rf /var/cache/yum
RUN dnf install -y nginx-1.24.0 && rm -rf /var/cache/dnf/*
RUN microdnf install -y tar-1.34 && microdnf clean all
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y make-4.3
# want-next: dockerfile/package-cleanup
RUN dnf install -y gcc-11.4.1 && dnf clean packages
USER 10001
HEALTHCHECK CMD ["/bin/true"]

FROM debian:12.6-slim AS build
# Builder stages: pinning counts (reproducible builds), cleanup does not.
# want-next: dockerfile/package-pinning
RUN apt-get update && apt-get install -y gcc make
RUN apt-get update && apt-get install -y gcc=4:12.2.0-3 make=4.3-4.1

FROM python:3.12.4-slim
# want-next: dockerfile/package-pinning
RUN apt-get update && apt-get -y dist-upgrade && rm -rf /var/lib/apt/lists/*
# want-next: dockerfile/package-pinning dockerfile/package-cleanup
RUN apt-get update && apt-get install -y curl
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      curl=7.88.1-10+deb12u5 \
      ca-certificates=20230311 \
 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && \
    # want-next: dockerfile/package-cleanup
    apt-get install -y --no-install-recommends tzdata=2024a-0+deb12u1
# want-next: dockerfile/package-pinning dockerfile/package-cleanup
RUN pip install flask requests==2.32.3
RUN pip install --no-cache-dir -r requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3
RUN --mount=type=cache,target=/var/lib/apt/lists --mount=type=cache,target=/var/cache/apt \
    apt-get update && apt-get install -y --no-install-recommends git=1:2.39.2-1.1
# want-next: dockerfile/package-pinning
RUN npm install -g pnpm typescript@5.5.3
RUN npm install && npm install -g ./local-tool
# want-next: dockerfile/package-pinning
RUN gem install bundler
RUN gem install bundler -v 2.5.16 && gem install rake:13.2.1
# want-next: dockerfile/package-pinning
RUN sh -c 'pip3 install --no-cache-dir "uvicorn[standard]"'
RUN <<EOF
set -e
# want-next: dockerfile/package-pinning
yum install -y httpd
# yum is dnf on RHEL 8 and later: dnf clean all cleans what yum left.
yum install -y curl-8.5.0
dnf install -y nginx-1.24.0 && dnf clean all
EOF
# A clean before the install does not count.
# want-next: dockerfile/package-cleanup
RUN yum clean all && yum install -y httpd-2.4.57
USER 10001
HEALTHCHECK CMD ["python", "-c", "print(1)"]

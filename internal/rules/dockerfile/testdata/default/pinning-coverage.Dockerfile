# dockerfile/package-pinning covers every installer, and what is not a
# package is not flagged.
ARG TOOL_VERSION=latest
ARG CURL_VERSION=7.88.1-10+deb12u5
ARG LINT_VERSION

FROM golang:1.22.5-bookworm AS tools
ARG TOOL_VERSION
ARG LINT_VERSION
# want-next: dockerfile/package-pinning
RUN go install golang.org/x/tools/gopls@latest
# want-next: dockerfile/package-pinning
RUN go install github.com/go-delve/delve/cmd/dlv
# A version given by a global ARG redeclared in the stage is followed.
# want-next: dockerfile/package-pinning
RUN go install honnef.co/go/tools/cmd/staticcheck@${TOOL_VERSION}
# Not known before the build: not reported.
RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@${LINT_VERSION}
RUN go install golang.org/x/vuln/cmd/govulncheck@v1.1.3 && go install ./cmd/... && go install -ldflags "-s -w" ./cmd/app
RUN V=v0.5.1; go install github.com/google/ko@$V

FROM debian:12.5-slim
ARG CURL_VERSION
ENV BUILD_DEPS="gcc make" B2_VERSION=4.7.1
# A variable holding several packages is split as the shell splits it.
# want-next: dockerfile/package-pinning
RUN apt-get update && apt-get install -y --no-install-recommends $BUILD_DEPS && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir "b2 == $B2_VERSION"
# A dry run installs nothing.
RUN apt-get install -s postgresql-18-jit
RUN apt-get update && apt-get install -y --no-install-recommends curl=${CURL_VERSION} && rm -rf /var/lib/apt/lists/*
# want-next: dockerfile/package-pinning
RUN gem install rails
RUN gem install rails -v 7.1.3 && gem install rake:13.2.1 && gem install --version=2.5.16 bundler
# want-next: dockerfile/package-pinning
RUN pip install --no-cache-dir git+https://github.com/psf/requests.git
# want-next: dockerfile/package-pinning
RUN pip install --no-cache-dir "git+https://github.com/psf/requests.git@main#egg=requests"
RUN pip install --no-cache-dir git+https://github.com/psf/requests.git@0e322af87745eff34caffe4df68456ebc20d9068 "httpx @ git+ssh://git@github.com/encode/httpx.git@v0.27.0"
# want-next: dockerfile/package-pinning
RUN npm install -g git+https://github.com/expressjs/express.git
# want-next: dockerfile/package-pinning
RUN npm install -g expressjs/express pnpm@latest
RUN npm install -g github:expressjs/express#a1b2c3d4e5f6 expressjs/cors#v2.8.5 --loglevel warn
# Constraints files, local directories and tarballs, options with values.
RUN pip install --no-cache-dir -c constraints.txt flask requests && pip install --no-cache-dir --root-user-action ignore src/mypkg ./lib dist/app-1.0.tar.gz .
RUN npm install -g ./tools/cli /opt/pkg.tgz --loglevel=warn
# want-next: dockerfile/package-pinning
RUN dnf module install -y nodejs && dnf clean all
RUN dnf module install -y nodejs:20/common && dnf module enable -y php:8.2 && dnf clean all
USER 10001
HEALTHCHECK CMD ["/bin/true"]

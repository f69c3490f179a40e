# Upgrading the installed packages applies their security fixes (the image
# that runs should carry them): apt-get upgrade, yum/dnf update and microdnf
# upgrade are not reported. apt-get dist-upgrade, which also removes
# packages, is.
FROM public.ecr.aws/amazonlinux/amazonlinux:2023.5.20240708.0
RUN yum update -y && yum clean all
RUN dnf -y update openssl-libs-3.0.8 && dnf clean all
RUN set -eux; \
    microdnf upgrade -y; \
    microdnf clean all
USER 10001:10001
HEALTHCHECK CMD ["/bin/true"]

FROM debian:bookworm-20240701-slim
RUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*
# want-next: dockerfile/package-pinning
RUN apt-get update && apt-get full-upgrade -y && rm -rf /var/lib/apt/lists/*
USER 10001:10001
HEALTHCHECK CMD ["/bin/true"]

# apt-get and apk upgrades of every package are reported (issue 3: the image
# should be rebuilt on a patched, pinned base instead); yum/dnf/microdnf
# updates are not judged.
FROM public.ecr.aws/amazonlinux/amazonlinux:2023.5.20240708.0
RUN yum update -y && yum clean all
RUN dnf -y update openssl-libs-3.0.8 && dnf clean all
RUN set -eux; \
    microdnf upgrade -y; \
    microdnf clean all
USER 10001:10001
HEALTHCHECK CMD ["/bin/true"]

FROM debian:bookworm-20240701-slim
# want-next: dockerfile/package-pinning
RUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*
# want-next: dockerfile/package-pinning
RUN apt-get update && apt-get full-upgrade -y && rm -rf /var/lib/apt/lists/*
USER 10001:10001
HEALTHCHECK CMD ["/bin/true"]

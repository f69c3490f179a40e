# yum/dnf update with no package names upgrades every package, like
# apt-get upgrade: dockerfile/package-pinning. Updating named packages
# does not.
FROM public.ecr.aws/amazonlinux/amazonlinux:2023.5.20240708.0
# want-next: dockerfile/package-pinning
RUN yum update -y && yum clean all
RUN dnf -y update openssl-libs-3.0.8 && dnf clean all
RUN set -eux; \
# want-next: dockerfile/package-pinning
    microdnf upgrade -y; \
    microdnf clean all
USER 10001:10001
HEALTHCHECK CMD ["/bin/true"]

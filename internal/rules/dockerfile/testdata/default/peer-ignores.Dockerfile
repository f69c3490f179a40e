# Trivy's and Checkov's comments name their own IDs.
# trivy:ignore:AVD-DS-0002
FROM alpine:3.20
# checkov:skip=CKV_DOCKER_1: the bastion image serves SSH on purpose
EXPOSE 22
# trivy:ignore:AVD-DS-0026
HEALTHCHECK NONE

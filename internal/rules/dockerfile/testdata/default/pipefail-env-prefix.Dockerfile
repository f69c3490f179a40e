# A command run with a variable assignment before it, on its own
# continuation line: the finding is on the command's line.
FROM alpine:3.20
RUN LD_LIBRARY_PATH=/opt/lib \
# want-next: dockerfile/shell-pipefail
      find /opt -name '*.so' | xargs ls -l
USER 10001:10001
HEALTHCHECK CMD ["/bin/true"]

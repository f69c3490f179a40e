# Pipelines fed by commands that only print what they are given have no
# failure for pipefail to catch: no dockerfile/shell-pipefail.
FROM alpine:3.20
RUN echo "904b924d435eaea086515bc63235b192ea441bd8c9b198c507e85009e6e4c7f0  /etc/os-release" | sha256sum -c -
RUN printf '%s\n' "one" "two" | tee /tmp/list
RUN yes | adduser -D app
RUN cat <<EOF | tee /etc/motd
hello
EOF
# A pipe into true throws the status away on purpose.
RUN find / -xdev -name '*.pyc' -delete | true
# A command that reads a file or the network can fail.
# want-next: dockerfile/shell-pipefail
RUN cat /etc/os-release | grep -q alpine
RUN echo start \
# want-next: dockerfile/shell-pipefail
    && find / -xdev -name '*.pem' | xargs ls -l
USER 10001:10001
HEALTHCHECK CMD ["/bin/true"]

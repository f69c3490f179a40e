# Variables exported in RUN, set before a command, or set through env, and
# repository files written inline.
FROM rockylinux:9.3-minimal
# want-next: dockerfile/verification-disabled
RUN export GIT_SSL_NO_VERIFY=true && git clone https://git.example.com/r.git /src
# want-next: dockerfile/verification-disabled
RUN NODE_TLS_REJECT_UNAUTHORIZED=0 node /src/fetch.js
# want-next: dockerfile/verification-disabled
RUN env PYTHONHTTPSVERIFY=0 python3 /src/fetch.py
# want-next: dockerfile/verification-disabled
RUN declare -x PIP_TRUSTED_HOST=pypi.example.com; pip install --no-cache-dir requests==2.32.3
# Not exported: git does not see it; and switched on again.
RUN GIT_SSL_NO_VERIFY=1; git clone https://git.example.com/r.git /src2
RUN export GIT_SSL_NO_VERIFY=false && git clone https://git.example.com/r.git /src3
RUN cat <<EOF > /etc/yum.repos.d/internal.repo
[internal]
name=Internal
baseurl=https://repo.example.com/el9/
# want-next: dockerfile/verification-disabled
gpgcheck = 0
EOF
COPY <<EOF /etc/yum.repos.d/vendor.repo
[vendor]
baseurl=https://vendor.example.com/el9/
gpgcheck=1
repo_gpgcheck=0
gpgkey=https://vendor.example.com/RPM-GPG-KEY
EOF
COPY <<EOF /etc/apt/sources.list.d/x.list
# want-next: dockerfile/verification-disabled
deb [arch=amd64 trusted=yes] http://repo.example.com stable main
EOF
COPY <<EOF /etc/apt/apt.conf.d/99insecure
# want-next: dockerfile/verification-disabled
APT::Get::AllowUnauthenticated "true";
EOF
RUN <<EOF
set -e
# want-next: dockerfile/verification-disabled
export NODE_TLS_REJECT_UNAUTHORIZED=0
npm ci
EOF
USER 10001
HEALTHCHECK CMD ["/bin/true"]

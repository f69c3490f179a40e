FROM debian:12.6-slim
# want-next: dockerfile/verification-disabled
ENV NODE_TLS_REJECT_UNAUTHORIZED=0
# want-next: dockerfile/verification-disabled
ARG GIT_SSL_NO_VERIFY=1
ENV PYTHONHTTPSVERIFY=1 GIT_SSL_NO_VERIFY=false PASSWORD_FILE=/run/secrets/pw
# want-next: dockerfile/verification-disabled
RUN curl -fsSLk https://example.com/a -o /tmp/a
RUN curl -fsSLo /tmp/k https://example.com/k
# want-next: dockerfile/verification-disabled
RUN wget --no-check-certificate -q https://example.com/b
# want-next: dockerfile/verification-disabled
RUN echo "deb [trusted=yes] http://repo.example.com stable main" > /etc/apt/sources.list.d/x.list
# want-next: dockerfile/verification-disabled
RUN git -c http.sslVerify=false clone https://example.com/r.git
# want-next: dockerfile/verification-disabled
RUN npm config set strict-ssl false
# want-next: dockerfile/verification-disabled
RUN pip install --no-cache-dir --trusted-host pypi.example.com requests==2.32.3
RUN curl --fail https://example.com/c -o /tmp/c
RUN useradd -r app
USER app
HEALTHCHECK CMD ["/bin/true"]

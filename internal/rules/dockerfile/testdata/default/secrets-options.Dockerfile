FROM debian:12.6-slim
# A password given as an option stays in the image history.
# want-next: dockerfile/secrets
RUN mysql -uroot -pS3cr3tPassw0rd -h db -e "select 1"
# want-next: dockerfile/secrets
RUN curl -fsS -u admin:Xk29fj3kLQ0pzQ https://example.com/x -o /x
# want-next: dockerfile/secrets
RUN tool --api-key Xk29fj3kLQ0pzQ --verbose
# want-next: dockerfile/secrets
RUN tool --password=Xk29fj3kLQ0pzQ
# A variable, a prompt, flags that take no secret, a placeholder: none.
RUN tool --password "$DB_PASSWORD"
RUN mysql -u root -p appdb
RUN adduser --disabled-password --gecos "" app && echo ok --token-ttl 3600
RUN tool --password changeme
USER app
HEALTHCHECK CMD ["/bin/true"]

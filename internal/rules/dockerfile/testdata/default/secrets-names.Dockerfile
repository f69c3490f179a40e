# ARG and ENV whose name says secret, with a literal value or default, in
# any casing; names that only hold such a word as part of something
# harmless are not reported.
# want-next: dockerfile/secrets
ARG REGISTRY_TOKEN=q8Vn3xLk2Pz7Rw
FROM python:3.12.4-slim
# want-next: dockerfile/secrets
ARG db_password=Tr0ub4dor&3x
# want-next: dockerfile/secrets
ENV apiKey=9f2c7a1e5b3d8c6f
# want-next: dockerfile/secrets
ENV Jwt_Secret=Zx81mPq0Lr7Vt2
# want-next: dockerfile/secrets
ARG PRIVATE_KEY=MIIEvQIBADANBgkqhkiG9w0BAQEFAASC
ENV PASSWORD_FILE=/run/secrets/db_password TOKEN_URL=https://auth.example.com/oauth/token
ENV passwordFile=/run/secrets/pw tokenEndpoint=https://auth.example.com/token SSH_KEY_PATH=/home/app/.ssh/id_ed25519
ENV API_KEY_HEADER=X-Api-Key SECRET_NAME=prod/db TOKENIZER=bert-base-uncased MAX_TOKENS=4096
ENV AUTH_ENDPOINT=https://auth.example.com/v1 PASSWORD_MIN_LENGTH=12
# Placeholders and values that come at build time are not literal secrets.
ARG DB_PASSWORD=changeme
ARG API_TOKEN
USER 10001
HEALTHCHECK CMD ["/bin/true"]

# want-next: dockerfile/secrets
ARG GITHUB_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ0123456789
# Placeholders and references do not count.
ARG DB_PASSWORD=changeme
FROM node:20.15.1-slim AS build
# Builder stages are not shipped: only what the final stage copies counts.
COPY .npmrc /root/.npmrc
COPY id_rsa /root/.ssh/id_rsa
# want-next: dockerfile/secrets
COPY tls.key /build/tls.key
COPY ca-bundle.pem /etc/ssl/ca-bundle.pem
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci

FROM node:20.15.1-slim
ENV NODE_ENV=production API_URL=https://api.example.com
ENV SECRET_KEY_FILE=/run/secrets/key
# want-next: dockerfile/secrets
ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPL3 AWS_REGION=eu-west-1
# want-next: dockerfile/secrets
ENV DATABASE_URL="postgres://app:s3cr3tPassw0rd@db.internal:5432/app"
ENV DB_PASSWORD=${DB_PASSWORD}
ENV REDIS_PASSWORD=example
# want-next: dockerfile/secrets
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
ARG SIGNING_KEY
# want-next: dockerfile/secrets
ENV SIGNING_KEY=${SIGNING_KEY}
# The builder's /build holds tls.key, reported above where it was copied.
COPY --from=build /build /app
# want-next: dockerfile/secrets
COPY .env /app/.env
COPY .env.example /app/.env.example
# want-next: dockerfile/secrets
COPY .npmrc /root/.npmrc
RUN npm ci && rm /root/.npmrc
# want-next: dockerfile/secrets dockerfile/add-instead-of-copy
ADD .aws/credentials /root/.aws/credentials
RUN rm -rf /root/.aws
USER node
HEALTHCHECK CMD ["node", "/app/health.js"]
# want-next: dockerfile/secrets
RUN curl -H "Authorization: token ghp_0123456789abcdefghijABCDEFGHIJ0123456789" https://api.github.com/user -o /dev/null
RUN curl -H "Authorization: token ${GITHUB_TOKEN}" https://api.github.com/user -o /dev/null
# The global ARG's secret default is reported once, where it is written.
ARG GITHUB_TOKEN
# want-next: dockerfile/secrets
COPY <<EOF /root/.npmrc
//registry.npmjs.org/:_authToken=npm_0123456789abcdefghijABCDEFGHIJ012345
EOF
COPY <<EOF /etc/app.conf
listen = 8080
EOF

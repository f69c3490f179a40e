# syntax=docker/dockerfile:1
FROM node:20.15.1-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .

FROM gcr.io/distroless/nodejs20-debian12:nonroot
COPY --from=build /src /app
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/cfg.json /etc/cfg.json
ADD vendor.tar.gz /opt/
EXPOSE 8080
HEALTHCHECK --interval=30s CMD ["/nodejs/bin/node", "/app/health.js"]
USER 65532:65532
CMD ["/app/server.js"]

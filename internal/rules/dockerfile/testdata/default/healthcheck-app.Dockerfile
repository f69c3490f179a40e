# An image that says what runs is reported without a HEALTHCHECK, even
# when it copies nothing in.
# want-next: dockerfile/healthcheck
FROM nginx:1.27.0-alpine3.19-slim
USER 10001:10001
CMD ["nginx", "-g", "daemon off;"]

# An application jar on a JDK image: the JRE of the same release is enough.
# want-next: dockerfile/large-base
FROM eclipse-temurin:17.0.11_9-jdk-jammy
COPY target/app.jar /app/app.jar
USER 10001:10001
HEALTHCHECK CMD ["java", "-version"]
CMD ["java", "-jar", "/app/app.jar"]

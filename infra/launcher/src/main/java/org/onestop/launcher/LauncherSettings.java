package org.onestop.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the launcher reads from its environment, resolved once.
 *
 * @param projectRoot       where the service modules are (the working directory)
 * @param dataDirectory     {@code ONESTOP_DATA_DIR}, default {@code .data}: Kafka log, PostgreSQL cluster, logs
 * @param externalKafka     {@code ONESTOP_KAFKA_BOOTSTRAP}: use this broker instead of starting one
 * @param kafkaSecurityProtocol {@code ONESTOP_KAFKA_SECURITY_PROTOCOL} for an external broker (default {@code SASL_SSL});
 *                          the embedded broker is always {@code SASL_PLAINTEXT} on loopback
 * @param externalKafkaAdmin {@code ONESTOP_KAFKA_ADMIN_USER} and {@code _PASSWORD}: a SCRAM-SHA-512 super user of the
 *                          external broker, through which the launcher creates topics, principals and ACLs; without it
 *                          they must exist already (docs/running.md)
 * @param externalPostgres  {@code ONESTOP_POSTGRES_JDBC_URL} (+ {@code _USER}, {@code _PASSWORD}): use this server
 * @param personRefSecret   {@code ONESTOP_PERSON_REF_SECRET}, or the demo secret
 * @param serviceJavaOptions {@code ONESTOP_SERVICE_JAVA_OPTS}, JVM options for each service
 * @param replicas          {@code ONESTOP_REPLICAS}, default 1: how many replicas of every service (the gateway included)
 * @param portOffset        {@code ONESTOP_PORT_OFFSET}, default 0: added to every port the launcher opens (services,
 *                          embedded Kafka and PostgreSQL), so a second suite (a system test) can run beside the first
 * @param readinessTimeout  {@code ONESTOP_READINESS_TIMEOUT} in seconds: how long each instance may take to be ready;
 *                          default 120 s per replica, since all instances start at once and share the machine's cores
 */
record LauncherSettings(Path projectRoot, Path dataDirectory, Optional<String> externalKafka, String kafkaSecurityProtocol,
                        Optional<Map.Entry<String, String>> externalKafkaAdmin,
                        Optional<PostgresEndpoint> externalPostgres, String personRefSecret, boolean demoSecret,
                        List<String> serviceJavaOptions, int replicas, int portOffset, Duration readinessTimeout) {

    static final int KAFKA_PORT = 9092;
    static final int POSTGRES_PORT = 5433;
    static final String POSTGRES_USER = "postgres";
    static final String POSTGRES_PASSWORD = "postgres";
    /** Per replica: ten JVMs starting at once on two cores take about as long as two replicas' worth one after another. */
    static final Duration READINESS_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** Replica n listens on base + 100 × (n − 1): up to 9 the ports stay in 8080..8884, below the broker's 9092. */
    static final int MAX_REPLICAS = 9;

    /** Public on purpose: it is printed, documented and only good for a laptop demo. */
    static final String DEMO_PERSON_REF_SECRET = "onestop-demo-secret-not-for-real-data";
    /** Five Boot services on a laptop: a cap keeps each from sizing its heap to a quarter of the machine. */
    static final List<String> DEFAULT_SERVICE_JAVA_OPTIONS = List.of("-Xmx512m");

    static LauncherSettings fromEnvironment(Map<String, String> env, Path workingDirectory) {
        Path root = workingDirectory.toAbsolutePath().normalize();
        Path data = value(env, "ONESTOP_DATA_DIR").map(root::resolve).orElse(root.resolve(".data")).normalize();
        Optional<String> kafka = value(env, "ONESTOP_KAFKA_BOOTSTRAP");
        String protocol = kafka.isEmpty() ? "SASL_PLAINTEXT" : value(env, "ONESTOP_KAFKA_SECURITY_PROTOCOL").orElse("SASL_SSL");
        if (!protocol.equals("SASL_SSL") && !protocol.equals("SASL_PLAINTEXT")) {
            throw new LaunchException("ONESTOP_KAFKA_SECURITY_PROTOCOL must be SASL_SSL or SASL_PLAINTEXT (clients authenticate "
                    + "with SCRAM-SHA-512), was '" + protocol + "'");
        }
        Optional<Map.Entry<String, String>> kafkaAdmin = value(env, "ONESTOP_KAFKA_ADMIN_USER")
                .map(user -> Map.entry(user, value(env, "ONESTOP_KAFKA_ADMIN_PASSWORD").orElseThrow(() ->
                        new LaunchException("ONESTOP_KAFKA_ADMIN_USER is set but ONESTOP_KAFKA_ADMIN_PASSWORD is not"))));
        Optional<PostgresEndpoint> postgres = value(env, "ONESTOP_POSTGRES_JDBC_URL").map(url -> PostgresEndpoint.fromJdbcUrl(url,
                value(env, "ONESTOP_POSTGRES_USER").orElse(POSTGRES_USER),
                value(env, "ONESTOP_POSTGRES_PASSWORD").orElse(POSTGRES_PASSWORD)));
        Optional<String> secret = value(env, "ONESTOP_PERSON_REF_SECRET");
        List<String> javaOptions = value(env, "ONESTOP_SERVICE_JAVA_OPTS")
                .map(options -> Arrays.asList(options.trim().split("\\s+")))
                .orElse(DEFAULT_SERVICE_JAVA_OPTIONS);
        int replicas = number(env, "ONESTOP_REPLICAS", 1, 1, MAX_REPLICAS);
        int portOffset = number(env, "ONESTOP_PORT_OFFSET", 0, 0, 50_000);
        Duration readinessTimeout = Duration.ofSeconds(number(env, "ONESTOP_READINESS_TIMEOUT",
                (int) READINESS_TIMEOUT.toSeconds() * replicas, 10, 3_600));
        return new LauncherSettings(root, data, kafka, protocol, kafkaAdmin, postgres, secret.orElse(DEMO_PERSON_REF_SECRET), secret.isEmpty(),
                List.copyOf(javaOptions), replicas, portOffset, readinessTimeout);
    }

    int kafkaPort() {
        return KAFKA_PORT + portOffset;
    }

    int postgresPort() {
        return POSTGRES_PORT + portOffset;
    }

    Path kafkaDirectory() {
        return dataDirectory.resolve("kafka");
    }

    Path postgresDirectory() {
        return dataDirectory.resolve("postgres");
    }

    /** Generated credentials (docs/security.md): {@code <data>/secrets}, 0700. */
    Path secretsDirectory() {
        return dataDirectory.resolve("secrets");
    }

    Path logDirectory() {
        return dataDirectory.resolve("logs");
    }

    /** {@code <name>.log} for the first replica (as with one), {@code <name>-<n>.log} for replica n. */
    Path logFile(ServiceDefinition service) {
        return logDirectory().resolve(service.label() + ".log");
    }

    private static int number(Map<String, String> env, String name, int fallback, int min, int max) {
        Optional<String> text = value(env, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(text.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new LaunchException(name + " must be a whole number from " + min + " to " + max + ", was '" + text.get() + "'");
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }
}

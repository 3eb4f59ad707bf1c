package org.onestop.infra.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The one broker and the one PostgreSQL server of a test JVM: each started on first use and stopped (their
 * temporary data deleted) by a JVM shutdown hook, so every integration test in the JVM shares them.
 *
 * <p>Testcontainers (Kafka + PostgreSQL) are used when the Testcontainers jars are on the test classpath and a Docker
 * engine answers; otherwise the in-process {@link EmbeddedKafka} and the {@link EmbeddedPostgres} binaries. The choice
 * can be forced with the system property {@code onestop.test-infrastructure} or the environment variable
 * {@code ONESTOP_TEST_INFRASTRUCTURE}: {@code auto} (default), {@code embedded} or {@code containers}.
 *
 * <p>Typical use in a service's integration test:
 * <pre>{@code
 * @DynamicPropertySource
 * static void infrastructure(DynamicPropertyRegistry registry) {
 *     TestInfrastructure.register(registry, "identity");
 * }
 * }</pre>
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

    private static final Object lock = new Object();
    private static final Set<String> ensuredDatabases = ConcurrentHashMap.newKeySet();
    private static Boolean useContainers;
    private static RunningKafka kafka;
    private static RunningPostgres postgres;
    private static boolean shutdownHookRegistered;

    private TestInfrastructure() {
    }

    /** {@code host:port} of the JVM's broker, starting it if needed. */
    public static String kafkaBootstrapServers() {
        return kafka().bootstrapServers();
    }

    /** JDBC URL of {@code database} on the JVM's PostgreSQL, creating the server and the database on first use. */
    public static String jdbcUrl(String database) {
        return withDatabase(database).jdbcUrl(database);
    }

    /** R2DBC URL of {@code database} on the JVM's PostgreSQL, creating the server and the database on first use. */
    public static String r2dbcUrl(String database) {
        return withDatabase(database).r2dbcUrl(database);
    }

    /** Superuser name on the JVM's PostgreSQL. */
    public static String username() {
        return postgres().username();
    }

    /** Superuser password on the JVM's PostgreSQL. */
    public static String password() {
        return postgres().password();
    }

    /**
     * Registers, for {@code database}: {@code spring.kafka.bootstrap-servers},
     * {@code spring.cloud.stream.kafka.binder.brokers}, {@code spring.r2dbc.url/username/password},
     * {@code spring.flyway.url/user/password} and {@code spring.datasource.url/username/password}. The values are
     * suppliers: nothing starts until Spring reads them.
     */
    public static void register(DynamicPropertyRegistry registry, String database) {
        PostgresDatabases.requireValidName(database);
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
        registry.add("spring.cloud.stream.kafka.binder.brokers", TestInfrastructure::kafkaBootstrapServers);
        registry.add("spring.r2dbc.url", () -> r2dbcUrl(database));
        registry.add("spring.r2dbc.username", TestInfrastructure::username);
        registry.add("spring.r2dbc.password", TestInfrastructure::password);
        registry.add("spring.flyway.url", () -> jdbcUrl(database));
        registry.add("spring.flyway.user", TestInfrastructure::username);
        registry.add("spring.flyway.password", TestInfrastructure::password);
        registry.add("spring.datasource.url", () -> jdbcUrl(database));
        registry.add("spring.datasource.username", TestInfrastructure::username);
        registry.add("spring.datasource.password", TestInfrastructure::password);
    }

    private static RunningPostgres withDatabase(String database) {
        RunningPostgres server = postgres();
        // Cache only after success, so a failed creation is retried (and reported) by the next caller.
        if (!ensuredDatabases.contains(database)) {
            server.ensureDatabase(database);
            ensuredDatabases.add(database);
        }
        return server;
    }

    private static RunningKafka kafka() {
        synchronized (lock) {
            if (kafka == null) {
                registerShutdownHook();
                long begin = System.nanoTime();
                kafka = useContainers() ? ContainerServers.startKafka() : EmbeddedServers.startKafka();
                log.info("Test Kafka at {} ({} ms)", kafka.bootstrapServers(), (System.nanoTime() - begin) / 1_000_000);
            }
            return kafka;
        }
    }

    private static RunningPostgres postgres() {
        synchronized (lock) {
            if (postgres == null) {
                registerShutdownHook();
                long begin = System.nanoTime();
                postgres = useContainers() ? ContainerServers.startPostgres() : EmbeddedServers.startPostgres();
                log.info("Test PostgreSQL at {}:{} ({} ms)", postgres.host(), postgres.port(), (System.nanoTime() - begin) / 1_000_000);
            }
            return postgres;
        }
    }

    private static boolean useContainers() {
        if (useContainers == null) {
            String mode = System.getProperty("onestop.test-infrastructure",
                    System.getenv().getOrDefault("ONESTOP_TEST_INFRASTRUCTURE", "auto")).trim().toLowerCase(Locale.ROOT);
            useContainers = switch (mode) {
                case "embedded" -> false;
                case "containers" -> {
                    if (!testcontainersOnClasspath()) {
                        throw new IllegalStateException("onestop.test-infrastructure=containers, but Testcontainers is not on the "
                                + "test classpath (add org.testcontainers:testcontainers-kafka and testcontainers-postgresql)");
                    }
                    yield true;
                }
                case "auto" -> testcontainersOnClasspath() && dockerHinted() && ContainerServers.dockerAvailable();
                default -> throw new IllegalStateException("onestop.test-infrastructure must be auto, embedded or containers, was '"
                        + mode + "'");
            };
            log.info("Test infrastructure: {}", useContainers ? "Testcontainers (Docker engine found)" : "embedded Kafka and PostgreSQL");
        }
        return useContainers;
    }

    /**
     * Whether anything suggests a Docker engine. Without any hint, asking Testcontainers would only log an ERROR
     * ("Could not find a valid Docker environment") in every test run on machines that simply have no Docker.
     */
    private static boolean dockerHinted() {
        String home = System.getProperty("user.home", "");
        return System.getenv("DOCKER_HOST") != null
                || System.getenv("TESTCONTAINERS_HOST_OVERRIDE") != null
                || Files.exists(Path.of(home, ".testcontainers.properties"))
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".docker", "desktop", "docker.sock"))
                || Files.exists(Path.of(home, ".colima", "default", "docker.sock"))
                || Files.exists(Path.of(home, ".rd", "docker.sock"))
                || System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("windows");
    }

    private static boolean testcontainersOnClasspath() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, TestInfrastructure.class.getClassLoader());
            Class.forName("org.testcontainers.kafka.KafkaContainer", false, TestInfrastructure.class.getClassLoader());
            Class.forName("org.testcontainers.postgresql.PostgreSQLContainer", false, TestInfrastructure.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static void registerShutdownHook() {
        if (shutdownHookRegistered) {
            return;
        }
        shutdownHookRegistered = true;
        Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::stopAll, "onestop-test-infrastructure-stop"));
    }

    private static void stopAll() {
        synchronized (lock) {
            stopQuietly("Kafka", kafka == null ? null : kafka.stop());
            stopQuietly("PostgreSQL", postgres == null ? null : postgres.stop());
            kafka = null;
            postgres = null;
        }
    }

    private static void stopQuietly(String what, Runnable stop) {
        if (stop == null) {
            return;
        }
        try {
            stop.run();
        } catch (RuntimeException e) {
            // A shutdown hook must not stop the other server from stopping.
            log.warn("Test {} did not stop cleanly", what, e);
        }
    }
}

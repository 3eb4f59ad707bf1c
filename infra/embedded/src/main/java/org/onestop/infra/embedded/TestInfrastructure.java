package org.onestop.infra.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The one broker and the one PostgreSQL server of a test JVM: each started on first use and stopped (their
 * temporary data deleted) by a JVM shutdown hook, so every integration test in the JVM shares them. Both refuse
 * whoever has no credentials, as in production: the broker runs {@link KafkaAccess}'s principals and ACLs (SCRAM
 * passwords made up per JVM) and each database belongs to a login role of its own name (password made up per JVM).
 * Tests never hold the broker's super user or the database superuser.
 *
 * <p>PostgreSQL runs as a Testcontainer when the Testcontainers jars are on the test classpath and a Docker engine
 * answers, otherwise from the {@link EmbeddedPostgres} binaries; Kafka always runs as the in-process
 * {@link EmbeddedKafka} (see {@link ContainerServers}). The choice can be forced with the system property
 * {@code onestop.test-infrastructure} or the environment variable {@code ONESTOP_TEST_INFRASTRUCTURE}: {@code auto}
 * (default), {@code embedded} or {@code containers}.
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
    private static final Map<String, String> databasePasswords = new ConcurrentHashMap<>();
    private static final SecureRandom random = new SecureRandom();
    private static final int PARTITIONS = 6;
    private static Boolean useContainers;
    private static RunningKafka kafka;
    private static RunningPostgres postgres;
    private static boolean shutdownHookRegistered;

    private TestInfrastructure() {
    }

    /** {@code host:port} of the JVM's broker (its SCRAM listener), starting it if needed. */
    public static String kafkaBootstrapServers() {
        return kafka().bootstrapServers();
    }

    /**
     * Client settings of a producer, consumer or admin client acting as {@code principal} (one of
     * {@link KafkaAccess#PRINCIPALS}): bootstrap servers and its SCRAM credentials. A test forging an identity event
     * acts as {@link KafkaAccess#IDENTITY}, one reading topics to check them as {@link KafkaAccess#OPERATOR} (its
     * consumer group ids must begin with {@code operator}).
     */
    public static Map<String, Object> kafkaClientProperties(String principal) {
        RunningKafka broker = kafka();
        String password = broker.passwords().get(principal);
        if (password == null) {
            throw new IllegalArgumentException("No Kafka principal '" + principal + "'; one of " + KafkaAccess.PRINCIPALS);
        }
        return KafkaAccess.clientProperties(broker.bootstrapServers(), principal, password);
    }

    /**
     * Creates, as the broker's super user, topics a test uses beyond the suite's own (for example the dead-letter
     * topics of a test's own consumer group {@code <service>-<something>}, which the service may write but not create).
     */
    public static void createTopics(String... names) {
        withAdmin(admin -> KafkaAccess.createTopics(admin, List.of(names), PARTITIONS));
    }

    /**
     * A test's private topic, so that its events never reach the shared test context: created by the super user,
     * written by {@code writer} and read by each of {@code readers} (consumer groups as in {@link KafkaAccess}).
     */
    public static void privateTopic(String topic, String writer, String... readers) {
        List<AclBinding> bindings = new ArrayList<>(KafkaAccess.writeBindings(writer, topic));
        for (String reader : readers) {
            bindings.addAll(KafkaAccess.readBindings(reader, topic));
        }
        withAdmin(admin -> {
            KafkaAccess.createTopics(admin, List.of(topic), PARTITIONS);
            KafkaAccess.addAcls(admin, bindings);
            return null;
        });
    }

    /**
     * JDBC URL of {@code database} on the JVM's PostgreSQL, creating the server, the database and its login role
     * ({@link #username(String)}) on first use.
     */
    public static String jdbcUrl(String database) {
        return withDatabase(database).jdbcUrl(database);
    }

    /** R2DBC URL of {@code database} on the JVM's PostgreSQL, creating the server and the database on first use. */
    public static String r2dbcUrl(String database) {
        return withDatabase(database).r2dbcUrl(database);
    }

    /** Whether {@link #freezePostgres()} can work: the server runs from the embedded binaries (not in a container). */
    public static boolean canFreezePostgres() {
        return postgres().embedded() != null;
    }

    /**
     * Freezes the JVM's PostgreSQL ({@link EmbeddedPostgres#freeze()}): every test of the JVM shares it, so call
     * {@link #thawPostgres()} in a {@code finally} block.
     */
    public static void freezePostgres() {
        embeddedPostgres().freeze();
    }

    /** Ends {@link #freezePostgres()}. */
    public static void thawPostgres() {
        embeddedPostgres().thaw();
    }

    private static EmbeddedPostgres embeddedPostgres() {
        EmbeddedPostgres embedded = postgres().embedded();
        if (embedded == null) {
            throw new IllegalStateException("PostgreSQL runs in a container here: only the embedded server can be frozen "
                    + "(callers check canFreezePostgres() first)");
        }
        return embedded;
    }

    /** The login role that owns {@code database}: the database's own name (not a superuser). */
    public static String username(String database) {
        withDatabase(database);
        return database;
    }

    /** The password of {@link #username(String)}, made up for this JVM. */
    public static String password(String database) {
        withDatabase(database);
        return databasePasswords.get(database);
    }

    /**
     * The Kafka principal of the service whose database is {@code database}: the part before the first {@code _}
     * names the service ({@code enrollment_restart} → {@code enrollment-service}, {@code gateway} → {@code gateway}).
     */
    public static String principalOf(String database) {
        String service = PostgresDatabases.requireValidName(database).split("_", 2)[0];
        String principal = "gateway".equals(service) ? KafkaAccess.GATEWAY : service + "-service";
        if (!KafkaAccess.PRINCIPALS.contains(principal)) {
            throw new IllegalArgumentException("Database '" + database + "' names no service; use register(registry, database, principal)");
        }
        return principal;
    }

    /** {@link #register(DynamicPropertyRegistry, String, String)} as the service {@link #principalOf(String) the database names}. */
    public static void register(DynamicPropertyRegistry registry, String database) {
        register(registry, database, principalOf(database));
    }

    /**
     * Registers, for {@code database} and Kafka principal {@code principal}: {@code spring.kafka.bootstrap-servers}
     * and {@code spring.kafka.properties.*} (SASL/SCRAM as the principal), {@code spring.cloud.stream.kafka.binder.brokers}
     * and {@code .configuration.*}, {@code spring.r2dbc.url/username/password}, {@code spring.flyway.url/user/password}
     * and {@code spring.datasource.url/username/password} (the database's own role). The values are suppliers: nothing
     * starts until Spring reads them.
     */
    public static void register(DynamicPropertyRegistry registry, String database, String principal) {
        PostgresDatabases.requireValidName(database);
        properties(database, principal).forEach((name, value) -> registry.add(name, value::get));
    }

    /**
     * The same properties as {@link #register(DynamicPropertyRegistry, String, String)}, resolved now: for a service a
     * test starts as a child process ({@code --name=value} each).
     */
    public static Map<String, String> resolvedProperties(String database, String principal) {
        Map<String, String> resolved = new LinkedHashMap<>();
        properties(database, principal).forEach((name, value) -> resolved.put(name, value.get()));
        return resolved;
    }

    private static Map<String, Supplier<String>> properties(String database, String principal) {
        Map<String, Supplier<String>> p = new LinkedHashMap<>();
        Supplier<String> jaas = () -> (String) kafkaClientProperties(principal).get("sasl.jaas.config");
        p.put("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
        p.put("spring.kafka.properties.security.protocol", () -> "SASL_PLAINTEXT");
        p.put("spring.kafka.properties.sasl.mechanism", () -> KafkaAccess.MECHANISM);
        p.put("spring.kafka.properties.sasl.jaas.config", jaas);
        p.put("spring.cloud.stream.kafka.binder.brokers", TestInfrastructure::kafkaBootstrapServers);
        p.put("spring.cloud.stream.kafka.binder.configuration.security.protocol", () -> "SASL_PLAINTEXT");
        p.put("spring.cloud.stream.kafka.binder.configuration.sasl.mechanism", () -> KafkaAccess.MECHANISM);
        p.put("spring.cloud.stream.kafka.binder.configuration.sasl.jaas.config", jaas);
        p.put("spring.r2dbc.url", () -> r2dbcUrl(database));
        p.put("spring.r2dbc.username", () -> username(database));
        p.put("spring.r2dbc.password", () -> password(database));
        p.put("spring.flyway.url", () -> jdbcUrl(database));
        p.put("spring.flyway.user", () -> username(database));
        p.put("spring.flyway.password", () -> password(database));
        p.put("spring.datasource.url", () -> jdbcUrl(database));
        p.put("spring.datasource.username", () -> username(database));
        p.put("spring.datasource.password", () -> password(database));
        return p;
    }

    private static RunningPostgres withDatabase(String database) {
        RunningPostgres server = postgres();
        // Cache only after success, so a failed creation is retried (and reported) by the next caller.
        if (!databasePasswords.containsKey(database)) {
            synchronized (databasePasswords) {
                if (!databasePasswords.containsKey(database)) {
                    String password = newSecret();
                    server.ensureDatabase(PostgresDatabases.requireValidName(database), database, password);
                    databasePasswords.put(database, password);
                }
            }
        }
        return server;
    }

    /** 32 random bytes, URL-safe Base64: safe in JAAS text, SQL literals and connection strings. */
    static String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private interface AdminWork<T> {
        T run(Admin admin) throws ExecutionException, InterruptedException;
    }

    private static <T> T withAdmin(AdminWork<T> work) {
        try (Admin admin = Admin.create(kafka().adminProperties())) {
            return work.run(admin);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused the test set-up: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting up Kafka for a test", e);
        }
    }

    private static RunningKafka kafka() {
        synchronized (lock) {
            if (kafka == null) {
                registerShutdownHook();
                long begin = System.nanoTime();
                Map<String, String> passwords = new LinkedHashMap<>();
                KafkaAccess.PRINCIPALS.forEach(principal -> passwords.put(principal, newSecret()));
                RunningKafka started = EmbeddedServers.startKafka(newSecret(), Map.copyOf(passwords));
                try (Admin admin = Admin.create(started.adminProperties())) {
                    KafkaAccess.apply(admin, passwords, PARTITIONS);
                } catch (RuntimeException e) {
                    started.stop().run();
                    throw e;
                }
                kafka = started;
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
                postgres = useContainers() ? ContainerServers.startPostgres() : EmbeddedServers.startPostgres(newSecret());
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
                                + "test classpath (add org.testcontainers:testcontainers-postgresql)");
                    }
                    yield true;
                }
                case "auto" -> testcontainersOnClasspath() && dockerHinted() && ContainerServers.dockerAvailable();
                default -> throw new IllegalStateException("onestop.test-infrastructure must be auto, embedded or containers, was '"
                        + mode + "'");
            };
            log.info("Test infrastructure: {}", useContainers ? "PostgreSQL as a Testcontainer (Docker engine found), embedded Kafka"
                    : "embedded Kafka and PostgreSQL");
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

package org.onestop.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.onestop.infra.embedded.EmbeddedKafka;
import org.onestop.infra.embedded.EmbeddedPostgres;
import org.onestop.infra.embedded.KafkaAccess;
import org.onestop.infra.embedded.PortOffsets;
import org.onestop.infra.embedded.PostgresDatabases;

/**
 * Runs the suite on one machine: PostgreSQL and a Kafka broker (embedded unless external ones are configured), the
 * databases and topics, then every built service as a child process, and prints where everything is. Ctrl-C (or
 * SIGTERM) stops the services, then Kafka, then PostgreSQL; data stays in the data directory for the next start.
 *
 * <p>No static logger here on purpose: logging must not initialise before {@link #main} has pointed it at the data
 * directory.
 */
public final class Launcher {

    private static final String GATEWAY = "gateway";

    private final LauncherSettings settings;
    /** Every replica of every service, in the URL table's order. */
    private final List<ServiceDefinition> instances;
    private final ReadinessProbe readiness = new ReadinessProbe();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private LauncherSecrets secrets;

    // Guarded by this: start() runs on main while stop() may run on the shutdown hook at any moment.
    private final List<ServiceProcess> children = new ArrayList<>();
    private EmbeddedKafka kafka;
    private EmbeddedPostgres postgres;
    private boolean stopping;

    Launcher(LauncherSettings settings, List<ServiceDefinition> services) {
        this.settings = settings;
        this.instances = Services.instances(services, settings.replicas(), settings.portOffset());
    }

    public static void main(String[] args) {
        LauncherSettings settings;
        try {
            settings = LauncherSettings.fromEnvironment(System.getenv(), Path.of(""));
        } catch (LaunchException e) {
            System.err.println("onestop-launcher: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.setProperty("onestop.log.dir", settings.logDirectory().toString());

        Launcher launcher = new Launcher(settings, Services.ALL);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "onestop-launcher-stop"));
        try {
            launcher.start();
        } catch (LaunchException | IllegalStateException e) {
            System.err.println();
            System.err.println("onestop-launcher: " + e.getMessage());
            System.err.println("(details in " + launcher.display(settings.logDirectory()) + ")");
            System.exit(1); // the shutdown hook stops whatever did start
        }
        launcher.awaitStop();
    }

    /** Starts everything and prints the URL table; returns once every instance is UP, skipped or failed. */
    void start() {
        long launched = System.nanoTime();
        System.out.println("OneStop launcher: data in " + settings.dataDirectory());
        if (settings.demoSecret()) {
            System.out.println("WARNING: ONESTOP_PERSON_REF_SECRET is not set; using the demo secret '" + LauncherSettings.DEMO_PERSON_REF_SECRET
                    + "'. Person references made with it are not protected: never use it with real ID numbers."
                    + " The services run in demo mode (ONESTOP_DEMO_MODE=true), the only mode in which they accept it.");
        }
        int highest = instances.stream().mapToInt(ServiceDefinition::port).max().orElse(0);
        highest = Math.max(highest, Math.max(settings.kafkaPort(), settings.postgresPort()));
        if (highest >= PortOffsets.ephemeralLow()) {
            System.out.println("WARNING: port " + highest + " is inside the kernel's ephemeral range (from " + PortOffsets.ephemeralLow()
                    + "): an outgoing connection may take it before the service binds it. Choose a lower ONESTOP_PORT_OFFSET.");
        }
        try {
            Files.createDirectories(settings.logDirectory());
        } catch (IOException e) {
            throw new LaunchException("Cannot create the log directory " + settings.logDirectory() + ": " + e.getMessage(), e);
        }

        secrets = LauncherSecrets.in(settings.secretsDirectory());

        PostgresEndpoint database = startPostgres();
        for (String name : Services.DATABASES) {
            // each service's own login role (named like its database) owns its database; nobody else may connect
            PostgresDatabases.ensureOwned(database.adminJdbcUrl(), database.username(), database.password(), name, name,
                    secrets.get("postgres-" + name));
        }
        System.out.println("Databases ready: " + String.join(", ", Services.DATABASES) + " (each owned by its own login role; "
                + "passwords in " + display(settings.secretsDirectory()) + ")");

        String bootstrap = startKafka();
        Optional<Map<String, Object>> admin = kafkaAdmin();
        if (admin.isPresent()) {
            List<String> created = TopicSetup.apply(admin.get(), secrets);
            System.out.println("Topics ready: " + TopicSetup.all().size() + " (" + created.size() + " created now, "
                    + TopicSetup.PARTITIONS + " partitions each); principals and ACLs applied (docs/security.md)");
        } else {
            System.out.println("Kafka: no ONESTOP_KAFKA_ADMIN_USER given; the topics, principals (passwords in "
                    + display(settings.secretsDirectory()) + ") and ACLs of docs/security.md must exist on the external broker");
        }

        List<ServiceOutcome> outcomes = startAll(bootstrap, database);
        long ready = outcomes.stream().filter(outcome -> outcome.status() == ServiceOutcome.Status.UP).count();
        System.out.printf("%d of %d service instances UP %.1f s after the launcher started%n", ready, outcomes.size(),
                (System.nanoTime() - launched) / 1e9);

        System.out.println();
        System.out.print(UrlTable.render(outcomes, bootstrap, settings.externalKafka().isPresent() ? "external" : "embedded, KRaft",
                database, settings.externalPostgres().isPresent() ? "external" : "embedded, PostgreSQL 17", Services.DATABASES,
                display(settings.logDirectory())));
        System.out.println();
        System.out.println("Partners call " + gatewayUrl() + " (the gateway) with a token; demo partners' secrets are in "
                + display(settings.dataDirectory().resolve("gateway").resolve("demo-credentials.txt")) + ":");
        System.out.println("  TOKEN=$(curl -s -u \"$(grep '^hospital-h360402001:' " + display(settings.dataDirectory().resolve("gateway")
                .resolve("demo-credentials.txt")) + ")\" -d grant_type=client_credentials " + gatewayUrl() + "/oauth2/token"
                + " | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')");
        System.out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + gatewayUrl() + "/api/v1/settlements/<id>   (docs/gateway.md)");
        System.out.println();
        System.out.println("Press Ctrl-C to stop (services first, then Kafka, then PostgreSQL; data stays in "
                + display(settings.dataDirectory()) + ").");
    }

    private PostgresEndpoint startPostgres() {
        Optional<PostgresEndpoint> external = settings.externalPostgres();
        if (external.isPresent()) {
            System.out.println("PostgreSQL: using external server " + external.get().hostAndPort());
            return external.get();
        }
        EmbeddedPostgres started = EmbeddedPostgres.builder()
                .dataDirectory(settings.postgresDirectory())
                .superuserPassword(secrets.get("postgres-superuser"))
                .port(settings.postgresPort())
                .logFile(settings.logDirectory().resolve("postgres.log"))
                .start();
        synchronized (this) {
            if (stopping) {
                started.close();
                throw new LaunchException("Stopped while starting PostgreSQL");
            }
            postgres = started;
        }
        System.out.printf("PostgreSQL: embedded on localhost:%d, ready in %.1f s%n", started.port(), seconds(started.startupTime()));
        return PostgresEndpoint.local(started.port(), started.username(), started.password());
    }

    private String startKafka() {
        Optional<String> external = settings.externalKafka();
        if (external.isPresent()) {
            System.out.println("Kafka: using external broker " + external.get());
            return external.get();
        }
        EmbeddedKafka started = EmbeddedKafka.builder()
                .logDirectory(settings.kafkaDirectory())
                .adminPassword(secrets.get("kafka-admin"))
                .port(settings.kafkaPort())
                .start();
        synchronized (this) {
            if (stopping) {
                started.close();
                throw new LaunchException("Stopped while starting Kafka");
            }
            kafka = started;
        }
        System.out.printf("Kafka: embedded (KRaft) on %s, ready in %.1f s%n", started.bootstrapServers(), seconds(started.startupTime()));
        return started.bootstrapServers();
    }

    /** The super user's admin-client settings: the embedded broker's own, or the external one's SCRAM admin if given. */
    private Optional<Map<String, Object>> kafkaAdmin() {
        synchronized (this) {
            if (kafka != null) {
                return Optional.of(kafka.adminClientProperties());
            }
        }
        return settings.externalKafkaAdmin().map(user -> {
            Map<String, Object> p = new LinkedHashMap<>(KafkaAccess.clientProperties(settings.externalKafka().orElseThrow(),
                    user.getKey(), user.getValue()));
            p.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, settings.kafkaSecurityProtocol());
            p.put(SaslConfigs.SASL_MECHANISM, KafkaAccess.MECHANISM);
            return p;
        });
    }

    /**
     * Starts every instance at once (none needs another to start) and waits for each to be ready, except the gateway's
     * replicas after the first: they start once the first is ready, because the first creates the signing keys and the
     * demo partners' secrets they must share (two gateways creating them at once would each keep their own).
     */
    private List<ServiceOutcome> startAll(String bootstrap, PostgresEndpoint database) {
        ExecutorService starters = Executors.newFixedThreadPool(instances.size(), runnable -> {
            Thread thread = new Thread(runnable, "onestop-launcher-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Map<ServiceDefinition, Future<ServiceOutcome>> started = new LinkedHashMap<>();
            for (ServiceDefinition instance : instances) {
                if (!(instance.name().equals(GATEWAY) && instance.replica() > 1)) {
                    started.put(instance, starters.submit(() -> startService(instance, bootstrap, database)));
                }
            }
            Optional<Future<ServiceOutcome>> firstGateway = started.entrySet().stream()
                    .filter(entry -> entry.getKey().name().equals(GATEWAY)).map(Map.Entry::getValue).findFirst();
            for (ServiceDefinition instance : instances) {
                if (instance.name().equals(GATEWAY) && instance.replica() > 1) {
                    started.put(instance, starters.submit(() -> {
                        ServiceOutcome first = firstGateway.orElseThrow().get();
                        if (first.status() != ServiceOutcome.Status.UP) {
                            return ServiceOutcome.failed(instance, "not started: the first gateway is not up");
                        }
                        return startService(instance, bootstrap, database);
                    }));
                }
            }
            List<ServiceOutcome> outcomes = new ArrayList<>();
            for (ServiceDefinition instance : instances) {
                outcomes.add(outcome(started.get(instance)));
            }
            return outcomes;
        } finally {
            starters.shutdownNow();
        }
    }

    private static ServiceOutcome outcome(Future<ServiceOutcome> start) {
        try {
            return start.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("Interrupted while starting services", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new LaunchException("Starting a service failed: " + e.getCause(), e.getCause());
        }
    }

    private ServiceOutcome startService(ServiceDefinition service, String bootstrap, PostgresEndpoint database) {
        Path jar = service.jar(settings.projectRoot());
        if (!Files.isRegularFile(jar)) {
            String why = "not built: " + display(jar) + " is missing (./mvnw -DskipTests package)";
            System.out.println(service.label() + ": skipped, " + why);
            return ServiceOutcome.skipped(service, why);
        }
        if (!portFree(service.port())) {
            String why = "port " + service.port() + " is already in use";
            System.out.println(service.label() + ": not started, " + why);
            return ServiceOutcome.failed(service, why);
        }
        Path logFile = settings.logFile(service);
        ServiceProcess child;
        synchronized (this) {
            if (stopping) {
                throw new LaunchException("Stopped while starting services");
            }
            Map<String, String> env = new LinkedHashMap<>();
            if (service.backend()) {
                env.putAll(ServiceEnvironment.of(service, bootstrap, settings.kafkaSecurityProtocol(),
                        secrets.get("kafka-" + service.name()), database, secrets.get("postgres-" + service.database()),
                        settings.personRefSecret(), settings.demoSecret()));
                env.putAll(ServiceEnvironment.internalTokens(service, settings.dataDirectory(), gatewayPort()));
            } else {
                // the session key: generated once into the data folder's secrets/ like every other secret, unless given
                String sessionKey = Optional.ofNullable(System.getenv("ONESTOP_CONSOLE_SESSION_KEY"))
                        .orElseGet(() -> secrets.aesKey("console-session"));
                env.putAll(ServiceEnvironment.gatewayClient(service, gatewayPort(), sessionKey, instances));
            }
            if (service.name().equals("identity-service") && System.getenv("ONESTOP_IDENTITY_ENCRYPTION_KEY") == null) {
                env.put("ONESTOP_IDENTITY_ENCRYPTION_KEY", secrets.aesKey("identity-encryption"));
            }
            if (service.name().equals("settlement-service")) {
                // FHIR links (fullUrl, paging) name the public door, not the replica that answered (docs/fhir.md)
                env.put("ONESTOP_FHIR_BASE_URL", gatewayUrl() + "/api/v1/fhir");
            }
            if (service.name().equals(GATEWAY)) {
                env.putAll(ServiceEnvironment.upstreams(instances));
            }
            child = ServiceProcess.start(service, jar, settings.serviceJavaOptions(), env, logFile, settings.projectRoot());
            children.add(child);
        }
        System.out.printf("%s: started (pid %d, port %d, log %s), waiting for readiness...%n", service.label(), child.pid(), service.port(),
                display(logFile));
        long begin = System.nanoTime();
        ReadinessProbe.Result result = readiness.await(URI.create(service.readinessUrl()), settings.readinessTimeout(), child::isAlive);
        double took = (System.nanoTime() - begin) / 1e9;
        return switch (result) {
            case READY -> {
                System.out.printf("%s: UP in %.1f s%n", service.label(), took);
                yield ServiceOutcome.up(service);
            }
            case PROCESS_EXITED -> fail(child, "exited with code " + child.exitCode() + " after " + Math.round(took) + " s");
            case TIMED_OUT -> {
                child.requestStop();
                child.awaitStopOrKill(LauncherSettings.STOP_GRACE);
                yield fail(child, "not ready within " + settings.readinessTimeout().toSeconds() + " s (stopped it)");
            }
        };
    }

    private ServiceOutcome fail(ServiceProcess child, String what) {
        String why = what + "; see " + display(child.logFile());
        // one print, so that parallel starts do not interleave one failure's lines with another's
        StringBuilder report = new StringBuilder(child.service().label() + ": FAILED, " + why + ". Last lines:");
        child.logTail(20).lines().forEach(line -> report.append(System.lineSeparator()).append("    ").append(line));
        System.err.println(report);
        return ServiceOutcome.failed(child.service(), why);
    }

    /** Services first (they hold connections to both), then Kafka, then PostgreSQL. Safe to call more than once. */
    void stop() {
        List<ServiceProcess> running;
        EmbeddedKafka broker;
        EmbeddedPostgres database;
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            running = List.copyOf(children);
            broker = kafka;
            database = postgres;
        }
        System.out.println();
        System.out.println("Stopping OneStop...");
        running.forEach(ServiceProcess::requestStop);
        long deadline = System.nanoTime() + LauncherSettings.STOP_GRACE.toNanos();
        for (ServiceProcess child : running) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            boolean clean = child.awaitStopOrKill(left);
            System.out.println("  " + child.service().label() + (clean ? " stopped" : " did not stop within "
                    + LauncherSettings.STOP_GRACE.toSeconds() + " s: killed"));
        }
        if (broker != null) {
            stopQuietly("Kafka", broker);
        }
        if (database != null) {
            stopQuietly("PostgreSQL", database);
        }
        System.out.println("Stopped. Data kept in " + settings.dataDirectory() + " (rm -rf it to start afresh).");
        stopped.countDown();
    }

    private static void stopQuietly(String what, AutoCloseable server) {
        try {
            server.close();
            System.out.println("  " + what + " stopped");
        } catch (Exception e) {
            // Keep going: PostgreSQL must still stop if Kafka did not stop cleanly.
            System.err.println("  " + what + " did not stop cleanly: " + e.getMessage());
        }
    }

    void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first gateway replica's URL: the one printed for partners, and the one serving the internal key set. */
    private String gatewayUrl() {
        return "http://localhost:" + gatewayPort();
    }

    private int gatewayPort() {
        return Services.GATEWAY_PORT + settings.portOffset();
    }

    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(settings.projectRoot()) ? settings.projectRoot().relativize(absolute).toString() : absolute.toString();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}

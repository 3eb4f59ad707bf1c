package org.onestop.infra.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker running in this JVM in KRaft combined mode (one node that is both broker and
 * controller), with its log directory on disk, that refuses whoever has no credentials and no ACL.
 *
 * <p>Three listeners, all SASL on loopback without TLS (acceptable on one machine; a real deployment uses SASL_SSL):
 * <ul>
 *   <li>{@code CLIENT} ({@link #bootstrapServers()}): SASL/SCRAM-SHA-512, the credentials stored in the cluster
 *       metadata ({@link KafkaAccess#apply}); every service, test and script connects here as its own principal.</li>
 *   <li>{@code INTERNAL} ({@link #adminBootstrapServers()}): SASL/PLAIN for the super user {@value KafkaAccess#ADMIN}
 *       only, its password given to the builder; the broker talks to itself here, and the launcher and test
 *       infrastructure create topics, credentials and ACLs through it. PLAIN rather than SCRAM because its one
 *       credential lives in configuration, so it works before any SCRAM credential exists, also on a directory
 *       formatted before authentication was introduced.</li>
 *   <li>{@code CONTROLLER}: SASL/PLAIN, the same single super user (KRaft controllers cannot use SCRAM).</li>
 * </ul>
 * The KRaft {@code StandardAuthorizer} checks every request; with {@code allow.everyone.if.no.acl.found=false} a
 * principal without an ACL may do nothing, and topics are never created on first use.
 *
 * <p>The directory is formatted only when it holds no {@code meta.properties} yet, so a broker restarted on a kept
 * directory (the launcher's {@code .data/kafka}) finds its topics, records and committed offsets again. Settings are
 * those of a single node: every replication factor and min ISR is 1, new topics get 6 partitions, topics may be
 * created on first use and consumer groups start without the initial rebalance delay.
 *
 * <p>{@link #start()} returns once the broker answers an admin request; {@link #close()} shuts it down and waits.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final int NODE_ID = 1;
    private static final String CLIENT_LISTENER = "CLIENT";
    private static final String INTERNAL_LISTENER = "INTERNAL";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Path logDirectory;
    private final int port;
    private final int internalPort;
    private final String adminPassword;
    private final KafkaRaftServer server;
    private final Duration startupTime;
    private volatile boolean closed;

    private EmbeddedKafka(Path logDirectory, int port, int internalPort, String adminPassword, KafkaRaftServer server,
                          Duration startupTime) {
        this.logDirectory = logDirectory;
        this.port = port;
        this.internalPort = internalPort;
        this.adminPassword = adminPassword;
        this.server = server;
        this.startupTime = startupTime;
    }

    /**
     * Starts a broker on {@code port} (0 picks a free one) keeping its data in {@code logDirectory}, with
     * {@code adminPassword} for the super user.
     */
    public static EmbeddedKafka start(Path logDirectory, int port, String adminPassword) {
        return builder().logDirectory(logDirectory).port(port).adminPassword(adminPassword).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code localhost:<port>} of the SCRAM client listener, the value for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** {@code localhost:<port>} of the super user's listener (PLAIN); never hand it to a service. */
    public String adminBootstrapServers() {
        return "localhost:" + internalPort;
    }

    /** Admin-client settings of the super user: the internal listener, SASL/PLAIN and its password. */
    public Map<String, Object> adminClientProperties() {
        return adminClientProperties(adminBootstrapServers(), adminPassword);
    }

    static Map<String, Object> adminClientProperties(String bootstrap, String adminPassword) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + KafkaAccess.ADMIN + "\" password=\"" + adminPassword + "\";");
        return p;
    }

    public int port() {
        return port;
    }

    public Path logDirectory() {
        return logDirectory;
    }

    /** Wall-clock time from {@link Builder#start()} until the broker answered. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Shuts the broker down and waits for it; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long begin = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka broker on port {} stopped in {} ms", port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    public static final class Builder {

        private Path logDirectory;
        private int port;
        private int controllerPort;
        private String adminPassword;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {
        }

        /** Required. Created if missing; kept on close (deleting it is the caller's choice). */
        public Builder logDirectory(Path logDirectory) {
            this.logDirectory = Objects.requireNonNull(logDirectory, "logDirectory");
            return this;
        }

        /** Port of the client listener; 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /** Port of the KRaft controller listener; 0 (the default) picks a free port at each start. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = checkPort(controllerPort);
            return this;
        }

        /** Required: the super user's password (letters, digits, {@code -_.}); keep it out of every service. */
        public Builder adminPassword(String adminPassword) {
            this.adminPassword = KafkaAccess.requireSafe(adminPassword);
            return this;
        }

        /** How long {@link #start()} waits for the broker to answer before failing; 60 s by default. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout, "startupTimeout");
            return this;
        }

        /** Overrides or adds one broker property (for example {@code log.retention.hours}). */
        public Builder brokerProperty(String name, String value) {
            overrides.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public EmbeddedKafka start() {
            if (logDirectory == null) {
                throw new IllegalStateException("EmbeddedKafka needs a log directory");
            }
            if (adminPassword == null) {
                throw new IllegalStateException("EmbeddedKafka needs the super user's password");
            }
            long begin = System.nanoTime();
            Path dir = logDirectory.toAbsolutePath().normalize();
            int brokerPort = port == 0 ? FreePorts.find() : port;
            int quorumPort = controllerPort == 0 ? FreePorts.find() : controllerPort;
            int adminPort = FreePorts.find();
            FreePorts.requireFree(brokerPort, "Kafka broker");
            FreePorts.requireFree(quorumPort, "Kafka controller");
            FreePorts.requireFree(adminPort, "Kafka admin listener");
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the Kafka log directory " + dir, e);
            }

            KafkaConfig config = KafkaConfig.fromProps(toProperties(brokerSettings(dir, brokerPort, adminPort, quorumPort)), false);
            formatIfNeeded(dir, config);

            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
                awaitBrokerAnswers(adminClientProperties("localhost:" + adminPort, adminPassword), startupTimeout);
            } catch (RuntimeException e) {
                stopQuietly(server);
                throw new IllegalStateException("Kafka broker did not start on port " + brokerPort + " with log directory " + dir
                        + ": " + e.getMessage(), e);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            log.info("Kafka broker (KRaft, in-process) ready on localhost:{} in {} ms, data in {}", brokerPort, took.toMillis(), dir);
            return new EmbeddedKafka(dir, brokerPort, adminPort, adminPassword, server, took);
        }

        private Map<String, String> brokerSettings(Path dir, int brokerPort, int adminPort, int quorumPort) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("process.roles", "broker,controller");
            p.put("node.id", Integer.toString(NODE_ID));
            // A static one-voter quorum: the voter set lives in configuration, so a restart may use a different
            // controller port without any reconfiguration of the stored metadata.
            p.put("controller.quorum.voters", NODE_ID + "@localhost:" + quorumPort);
            p.put("controller.listener.names", CONTROLLER_LISTENER);
            p.put("inter.broker.listener.name", INTERNAL_LISTENER);
            p.put("listeners", CLIENT_LISTENER + "://localhost:" + brokerPort + "," + INTERNAL_LISTENER + "://localhost:" + adminPort
                    + "," + CONTROLLER_LISTENER + "://localhost:" + quorumPort);
            p.put("advertised.listeners", CLIENT_LISTENER + "://localhost:" + brokerPort + "," + INTERNAL_LISTENER + "://localhost:" + adminPort);
            p.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_PLAINTEXT," + INTERNAL_LISTENER + ":SASL_PLAINTEXT,"
                    + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
            // Authentication: SCRAM for clients (credentials in the metadata), PLAIN with one static user for the
            // broker itself and the super user (see the class comment).
            String plainJaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + KafkaAccess.ADMIN
                    + "\" password=\"" + adminPassword + "\" user_" + KafkaAccess.ADMIN + "=\"" + adminPassword + "\";";
            p.put("listener.name.client.sasl.enabled.mechanisms", KafkaAccess.MECHANISM);
            p.put("listener.name.client.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            p.put("listener.name.internal.sasl.enabled.mechanisms", "PLAIN");
            p.put("listener.name.internal.plain.sasl.jaas.config", plainJaas);
            p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
            p.put("listener.name.controller.plain.sasl.jaas.config", plainJaas);
            p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            p.put("sasl.mechanism.controller.protocol", "PLAIN");
            // Authorization: ACLs in the KRaft metadata; no ACL, no access; only the super user may administer.
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("allow.everyone.if.no.acl.found", "false");
            p.put("super.users", "User:" + KafkaAccess.ADMIN);
            p.put("log.dirs", dir.toString());

            // One node: nothing can be replicated, so every internal and default replication factor is 1.
            p.put("default.replication.factor", "1");
            p.put("min.insync.replicas", "1");
            p.put("offsets.topic.replication.factor", "1");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            // Topics are keyed by person; 6 partitions let a consumer group scale to 6 members.
            p.put("num.partitions", "6");
            // Topics exist because the admin created them (KafkaAccess.apply), never because a client named one.
            p.put("auto.create.topics.enable", "false");
            // Tests and the launcher start consumers one at a time; the default 3 s delay would only slow them.
            p.put("group.initial.rebalance.delay.ms", "0");
            // Fewer internal partitions than the defaults (50) make the first consumer group and the first
            // transaction start in a fraction of the time on a laptop; one node gains nothing from 50.
            p.put("offsets.topic.num.partitions", "6");
            p.put("transaction.state.log.num.partitions", "6");
            // The log cleaner reserves its dedupe buffer on the heap (128 MiB by default), too much for a broker
            // that shares a JVM with tests or the launcher.
            p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
            p.putAll(overrides);
            return p;
        }

        private static void formatIfNeeded(Path dir, KafkaConfig config) {
            if (Files.exists(dir.resolve("meta.properties"))) {
                log.info("Kafka log directory {} is already formatted; reusing its data", dir);
                return;
            }
            Formatter formatter = new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    // Belt and braces: if another process formatted the directory in the meantime, keep its data.
                    .setIgnoreFormatted(true)
                    .addDirectory(dir.toString());
            try {
                formatter.run();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot format the Kafka log directory " + dir + ": " + e.getMessage(), e);
            }
            log.info("Formatted Kafka log directory {}", dir);
        }

        private static void awaitBrokerAnswers(Map<String, Object> superUser, Duration timeout) {
            Map<String, Object> adminConfig = new LinkedHashMap<>(superUser);
            adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
            Object bootstrap = superUser.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
            long deadline = System.nanoTime() + timeout.toNanos();
            Exception last = null;
            try (Admin admin = Admin.create(adminConfig)) {
                while (System.nanoTime() < deadline) {
                    try {
                        if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes().get().isEmpty()) {
                            return;
                        }
                    } catch (ExecutionException e) {
                        last = e;
                    }
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the Kafka broker at " + bootstrap, e);
            }
            throw new IllegalStateException("Kafka broker at " + bootstrap + " did not answer within " + timeout.toSeconds() + " s", last);
        }

        private static java.util.Properties toProperties(Map<String, String> settings) {
            java.util.Properties properties = new java.util.Properties();
            properties.putAll(settings);
            return properties;
        }

        private static void stopQuietly(KafkaRaftServer server) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                log.warn("Kafka broker did not stop cleanly after a failed start", e);
            }
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("Port must be 0..65535, was " + port);
            }
            return port;
        }
    }
}

package org.onestop.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.onestop.events.ChangeKind;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.IdentityChanged;
import org.onestop.events.IdentityType;
import org.onestop.events.Topics;
import org.onestop.infra.embedded.KafkaAccess;
import org.onestop.infra.embedded.TestInfrastructure;
import org.onestop.infra.embedded.PortOffsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * kill -9 in the middle of consumption: the service runs as a CHILD PROCESS (the main class from this test's class
 * path; its own database, consumer group and input topic, so the shared test context never sees these events), is
 * killed with {@code destroyForcibly()} (SIGKILL: no graceful stop, a batch transaction and an outbox round may be
 * cut anywhere) as soon as the first batch has committed, and a new process is started on the same database and
 * broker. Then every identity event must be applied exactly once, every person must hold the decision of its
 * region's policy, the history must hold one row per (person, year, change), and the topic must carry exactly one
 * event id per (person, year, change) — the same ids as the history, none invented. The relay may re-send an id after
 * the kill (consumers dedupe by {@code ce_id}); how often it did is printed, not forbidden.
 */
class RestartSafetyIntegrationTest {

    static final String DB = "enrollment_restart";
    /** Begins with the service's name: the only consumer groups its principal may use (docs/security.md). */
    static final String GROUP = "enrollment-service-restart-test";
    /** Its own input topic: the shared context's consumer (group enrollment-service) must not decide these persons too. */
    static final String INPUT = "enrollment-restart-test.identity.changed";
    static final int PERSONS = 6_000;
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Region, identity and the 2027 subsidy its policy grants when identified in the collection period. */
    record Case(String region, IdentityType type, String amount2027) {
    }

    static final List<Case> CASES = List.of(
            new Case("360402", IdentityType.DIBAO, "280.00"),            // jiujiang-2022 二(一)1
            new Case("652801", IdentityType.DIBAO, "300.00"),            // bayingolin
            new Case("140105", IdentityType.REGISTERED_POOR, "400.00"),  // shanxi-2019 五 (full)
            new Case("370602", IdentityType.DIBAO_MARGINAL, "400.00"),   // yantai-2023 二(二) 全额
            new Case("210102", IdentityType.DIBAO_MARGINAL, "240.00"));  // liaoning-2023 (二) 60 %

    @Test
    void killingTheServiceMidStreamLosesAndDuplicatesNothing() throws Exception {
        // a private input topic, written as identity-service writes identity.changed.v1, read by enrollment-service
        TestInfrastructure.privateTopic(INPUT, KafkaAccess.IDENTITY, KafkaAccess.ENROLLMENT);
        TestInfrastructure.createTopics(Topics.deadLetter(Topics.IDENTITY_CHANGED, GROUP));
        Map<String, Case> persons = new LinkedHashMap<>();
        Properties p = new Properties();
        p.putAll(TestInfrastructure.kafkaClientProperties(KafkaAccess.IDENTITY));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < PERSONS; i++) {
                String ref = EnrollmentIntegrationTest.newPersonRef();
                Case c = CASES.get(i % CASES.size());
                persons.put(ref, c);
                // identified 2026-10-10, in the collection period for 2027, recorded 2026-10-12
                IdentityChanged e = new IdentityChanged(UUID.randomUUID(), ref, c.region(), c.type().owner(), c.type(),
                        ChangeKind.NEW, UUID.randomUUID(), LocalDate.of(2026, 10, 10), null, null, "restart-" + i,
                        UUID.randomUUID(), LocalDate.of(2026, 10, 12).atTime(10, 0).toInstant(ZoneOffset.ofHours(8)),
                        c.region() + "***********X", null);
                ProducerRecord<String, byte[]> r = new ProducerRecord<>(INPUT, ref, JSON.writeValueAsBytes(e));
                r.headers().add(CloudEventHeaders.ID, e.eventId().toString().getBytes(StandardCharsets.UTF_8));
                r.headers().add(CloudEventHeaders.TYPE, IdentityChanged.CE_TYPE.getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            }
            producer.flush();
        }

        int port = PortOffsets.freePort(); // below the ephemeral range: the child binds it only after seconds
        Path log = Files.createDirectories(Path.of("target")).resolve("restart-child.log");
        List<String> kills = new ArrayList<>();
        String classPath = privateClassPath();
        Process child = start(port, log, classPath);
        try (Connection c = awaitDatabase()) {
            // twice: kill -9 as soon as a new batch has committed (its offsets may or may not be committed yet, the
            // relay may be between sending and deleting), then start a new process on the same database and broker
            long before = 0;
            for (int kill = 0; kill < 2; kill++) {
                long deadline = System.currentTimeMillis() + 120_000;
                while (count(c, "select count(*) from processed_event") == before) {
                    assertThat(child.isAlive()).as("child alive; see target/restart-child.log").isTrue();
                    assertThat(System.currentTimeMillis()).as("a batch committed within 120 s").isLessThan(deadline);
                    Thread.sleep(10);
                }
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
                long processed = count(c, "select count(*) from processed_event");
                assertThat(processed).as("killed mid-stream").isBetween(before + 1, PERSONS - 1L);
                kills.add(processed + " applied, " + count(c, "select count(*) from messaging_outbox") + " in the outbox");
                before = processed;
                child = start(port, log, classPath);
            }
            // ~5 s on a quiet machine; the bound is generous because other builds may starve this one of CPU
            long deadline = System.currentTimeMillis() + 180_000;
            long applied;
            while ((applied = count(c, "select count(*) from processed_event")) < PERSONS
                    || count(c, "select count(*) from messaging_outbox") > 0) {
                assertThat(child.isAlive()).as("child alive; see target/restart-child.log").isTrue();
                assertThat(System.currentTimeMillis()).as("all applied and relayed within 180 s (%d applied so far)", applied)
                        .isLessThan(deadline);
                Thread.sleep(100);
            }

            // the database: each event applied once, each person decided by its region's rule, one history row per change
            assertThat(count(c, "select count(*) from processed_event")).isEqualTo(PERSONS);
            assertThat(count(c, "select count(*) from processed_event where outcome <> 'APPLIED'")).isZero();
            assertThat(count(c, """
                    select count(*) from (select 1 from subsidy_event group by person_ref, year, change having count(*) > 1) d"""))
                    .as("no (person, year, change) decided twice").isZero();
            Map<String, String> granted2027 = new HashMap<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "select person_ref, amount::text from person_year where year = 2027 and status = 'SUBSIDIZED'")) {
                while (rs.next()) {
                    granted2027.put(rs.getString(1), rs.getString(2));
                }
            }
            assertThat(granted2027).hasSize(PERSONS);
            persons.forEach((ref, k) -> assertThat(granted2027.get(ref)).as(k.region()).isEqualTo(k.amount2027()));
            Map<UUID, String> history = new HashMap<>(); // event id → person/year/change
            try (ResultSet rs = c.createStatement().executeQuery("select event_id, person_ref, year, change from subsidy_event")) {
                while (rs.next()) {
                    history.put(UUID.fromString(rs.getString(1)), rs.getString(2) + "/" + rs.getInt(3) + "/" + rs.getString(4));
                }
            }
            assertThat(history.values()).filteredOn(k -> k.endsWith("/2027/GRANTED")).hasSize(PERSONS);

            // the topic: exactly the history's event ids, one per (person, year, change); re-sends of an id allowed
            Map<String, Set<UUID>> idsByKey = new HashMap<>();
            int records = 0;
            for (ConsumerRecord<String, byte[]> r : read(persons.keySet(), history.size())) {
                JsonNode e = JSON.readTree(r.value());
                UUID id = UUID.fromString(header(r, CloudEventHeaders.ID));
                assertThat(e.get("eventId").asString()).isEqualTo(id.toString());
                String key = e.get("personRef").asString() + "/" + e.get("insuranceYear").asInt() + "/" + e.get("change").asString();
                assertThat(history.get(id)).as("an event published is an event decided").isEqualTo(key);
                idsByKey.computeIfAbsent(key, x -> new HashSet<>()).add(id);
                records++;
            }
            assertThat(idsByKey).hasSize(history.size());
            idsByKey.forEach((key, ids) -> assertThat(ids).as("one event id for " + key).hasSize(1));
            System.out.printf("restart test: %d identity events, killed at %s; %d subsidy events decided, %d records read "
                    + "(%d re-sent)%n", PERSONS, kills, history.size(), records, records - history.size());
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The subsidy records of these persons, read from the beginning until every decided event id was seen. */
    static List<ConsumerRecord<String, byte[]>> read(Set<String> persons, int distinctIds) {
        Properties c = new Properties();
        c.putAll(TestInfrastructure.kafkaClientProperties(KafkaAccess.OPERATOR)); // reads like an operator would
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "operator-restart-reader-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        long deadline = System.currentTimeMillis() + 60_000;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(Topics.ENROLLMENT_SUBSIDY.name()));
            int idle = 0;
            // read until every id was seen and the topic stays quiet for a moment (a re-send after them is counted too)
            while (System.currentTimeMillis() < deadline && (ids.size() < distinctIds || idle < 5)) {
                var polled = consumer.poll(Duration.ofMillis(200));
                idle = polled.isEmpty() ? idle + 1 : 0;
                for (ConsumerRecord<String, byte[]> r : polled) {
                    if (persons.contains(r.key())) {
                        out.add(r);
                        ids.add(header(r, CloudEventHeaders.ID));
                    }
                }
            }
        }
        return out;
    }

    static Process start(int port, Path log, String classPath) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", classPath,
                EnrollmentServiceApplication.class.getName(),
                "--server.port=" + port));
        // its own database role and Kafka principal, as the shared test context gets them
        TestInfrastructure.resolvedProperties(DB, KafkaAccess.ENROLLMENT).forEach((name, value) -> cmd.add("--" + name + "=" + value));
        cmd.addAll(List.of(
                "--spring.cloud.stream.bindings.identityChanged-in-0.destination=" + INPUT,
                "--spring.cloud.stream.bindings.identityChanged-in-0.group=" + GROUP,
                "--onestop.enrollment.group=" + GROUP,
                "--onestop.messaging.outbox.poll-interval=50ms",
                // the killed relay's outbox leases expire after this; then the new process publishes its rows
                "--onestop.messaging.outbox.lease-ttl=3s",
                // smaller polls than production, so the kill lands between batches of one stream, not after all of it
                "--spring.cloud.stream.kafka.binder.consumer-properties.max.poll.records=500",
                // the killed member holds its partitions until its session expires (45 s by default): 6 s, the broker's minimum
                "--spring.cloud.stream.kafka.binder.consumer-properties.session.timeout.ms=6000",
                "--spring.cloud.stream.kafka.binder.consumer-properties.heartbeat.interval.ms=1000",
                "--onestop.person-ref.secret=" + EnrollmentIntegrationTest.SECRET));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /**
     * The test's class path with the reactor's own entries (the modules' {@code target/classes} and jars) copied to a
     * private directory: other builds in the same working tree recompile those modules at any moment, and a child
     * that loads a class just then dies of {@code NoClassDefFoundError}. Jars of the local repository stay as they are.
     */
    static String privateClassPath() throws Exception {
        Path copy = Files.createTempDirectory("restart-child-cp");
        Path repository = Path.of(System.getProperty("user.home"), ".m2").toAbsolutePath();
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path source = Path.of(entry).toAbsolutePath();
            if (source.startsWith(repository) || !Files.exists(source)) {
                out.add(entry);
                continue;
            }
            Path target = copy.resolve(i++ + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                try (var files = Files.walk(source)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Path t = target.resolve(source.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(f, t);
                        }
                    }
                }
            } else {
                Files.copy(source, target);
            }
            out.add(target.toString());
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    /** The child creates the schema (Flyway) on start; wait until its tables exist. */
    static Connection awaitDatabase() throws Exception {
        Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl(DB), TestInfrastructure.username(DB),
                TestInfrastructure.password(DB));
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            try (ResultSet rs = c.createStatement().executeQuery("select to_regclass('public.messaging_outbox') is not null")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return c;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the child service did not create its schema; see target/restart-child.log");
    }

    static long count(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

}

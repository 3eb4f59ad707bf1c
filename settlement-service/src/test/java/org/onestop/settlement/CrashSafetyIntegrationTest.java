package org.onestop.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.onestop.infra.embedded.KafkaAccess;
import org.onestop.events.Topics;
import org.onestop.infra.embedded.TestInfrastructure;
import org.onestop.infra.embedded.TestTokens;
import org.onestop.infra.embedded.PortOffsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * kill -9 while settlements are in flight: the service runs as a CHILD PROCESS (the main class from this test's class
 * path, its own database and consumer group), is killed with {@code destroyForcibly()} (SIGKILL) twice under load,
 * restarted, and the hospitals' clients retry every request that got no answer, as a cashier's HIS does. Then the
 * database and the topic must agree: every request is stored exactly once (one settlement per hospital reference),
 * every stored settlement has exactly one SETTLED event id on {@code settlement.completed.v1} (redeliveries of the same
 * id are allowed: consumers dedupe by {@code ce_id}), no event names a settlement that is not stored, and the outbox
 * drains.
 */
class CrashSafetyIntegrationTest {

    static final String DB = "settlement_crash";
    static final String GROUP = "settlement-service-crash-test";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void killingTheServiceMidFlightLosesAndDuplicatesNothing() throws Exception {
        int port = PortOffsets.freePort(); // below the ephemeral range: the child binds it only after seconds
        Path log = Files.createDirectories(Path.of("target")).resolve("crash-child.log");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .executor(Executors.newFixedThreadPool(8)).build();
        List<String> persons = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            persons.add(SettlementIntegrationTestBase.newPersonRef());
        }
        Map<String, String> requests = new ConcurrentHashMap<>(); // hospital ref → body
        Map<String, Integer> answered = new ConcurrentHashMap<>(); // hospital ref → status
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());

        Process child = start(port, log);
        try {
            for (int round = 0; round < 2; round++) {
                awaitReady(client, port);
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService load = Executors.newFixedThreadPool(8);
                int base = round * 10_000;
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    load.submit(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            String person = persons.get((thread * 7 + i) % persons.size());
                            Map<String, Object> body = SettlementIntegrationTestBase.withBurden(person,
                                    "2026-" + String.format("%02d", 1 + (i % 9)) + "-1" + thread, Integer.toString(500 + i % 3000));
                            String ref = "crash-" + base + "-" + thread + "-" + i;
                            body.put("hospitalSettlementRef", ref);
                            body.put("messageId", "msg-" + ref);
                            String text = JSON.writeValueAsString(body);
                            requests.put(ref, text);
                            order.add(ref);
                            int status = post(client, port, text);
                            if (status > 0) {
                                answered.put(ref, status);
                            }
                        }
                    });
                }
                // Kill mid-flight, once this round has been answered a dozen times: a fixed pause gave too few answers
                // on a loaded 2-core machine (6-13 instead of 20+), and the crash then proved nothing.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                int wanted = (round + 1) * 12;
                Thread.sleep(1000);
                while (answered.size() < wanted && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
                child.waitFor(30, TimeUnit.SECONDS);
                stop.set(true);
                load.shutdown();
                load.awaitTermination(30, TimeUnit.SECONDS);
                child = start(port, log);
            }
            awaitReady(client, port);
            // the hospitals retry what got no answer (or an error): same message id, same content
            int retried = 0;
            for (String ref : order) {
                Integer status = answered.get(ref);
                if (status == null || status >= 500) {
                    int again = post(client, port, requests.get(ref));
                    assertThat(again).as("retry of " + ref).isIn(200, 201);
                    retried++;
                }
            }
            assertThat(answered.size()).as("settled before the kills").isGreaterThan(20);
            System.out.println("crash test: " + requests.size() + " requests, " + retried + " retried after the kills");

            try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl(DB), TestInfrastructure.username(DB),
                    TestInfrastructure.password(DB))) {
                Set<String> storedRefs = new HashSet<>();
                Set<UUID> stored = new HashSet<>();
                try (ResultSet rs = c.createStatement().executeQuery("select id, hospital_ref from settlement")) {
                    while (rs.next()) {
                        stored.add(UUID.fromString(rs.getString(1)));
                        assertThat(storedRefs.add(rs.getString(2))).as("one settlement per hospital reference").isTrue();
                    }
                }
                assertThat(storedRefs).isEqualTo(requests.keySet());

                // wait for the relay to drain, then compare with the topic
                long deadline = System.currentTimeMillis() + 60_000;
                while (count(c, "select count(*) from messaging_outbox") > 0 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(count(c, "select count(*) from messaging_outbox")).isZero();
                long expectedEvents = count(c, "select count(distinct event_id) from payment")
                        + count(c, "select count(*) from settlement s where not exists (select 1 from payment p where p.settlement_id = s.id)");
                Set<String> personSet = new HashSet<>(persons);
                Map<UUID, Set<UUID>> settledEventIds = new HashMap<>();
                Set<UUID> allEventIds = new HashSet<>();
                List<ConsumerRecord<String, byte[]>> events = SettlementIntegrationTestBase.records("settlement.completed.v1",
                        r -> personSet.contains(r.key()), l -> distinctIds(l) >= stored.size());
                for (ConsumerRecord<String, byte[]> r : events) {
                    JsonNode e = JSON.readTree(r.value());
                    UUID settlementId = UUID.fromString(e.get("settlementId").asString());
                    UUID eventId = UUID.fromString(e.get("eventId").asString());
                    assertThat(stored).as("an event names only stored settlements").contains(settlementId);
                    allEventIds.add(eventId);
                    if ("SETTLED".equals(e.get("kind").asString())) {
                        settledEventIds.computeIfAbsent(settlementId, k -> new HashSet<>()).add(eventId);
                    }
                }
                for (UUID id : stored) {
                    assertThat(settledEventIds.get(id)).as("exactly one SETTLED event id for " + id).hasSize(1);
                }
                assertThat((long) allEventIds.size()).as("every committed event published, none invented").isGreaterThanOrEqualTo(stored.size());
                assertThat(expectedEvents).isGreaterThanOrEqualTo(stored.size());
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static long distinctIds(List<ConsumerRecord<String, byte[]>> records) {
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            ids.add(SettlementIntegrationTestBase.header(r, "ce_id"));
        }
        return ids.size();
    }

    static long count(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int post(HttpClient client, int port, String body) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/settlements"))
                            .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                            .header("Authorization", SettlementIntegrationTestBase.bearer(
                                    SettlementIntegrationTestBase.hospitalClaims(SettlementIntegrationTestBase.HOSPITAL)))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1; // connection reset by the kill: no answer
        }
    }

    static Process start(int port, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                SettlementServiceApplication.class.getName(),
                "--server.port=" + port));
        // its own database role and Kafka principal, as the shared test context gets them
        TestInfrastructure.resolvedProperties(DB, KafkaAccess.SETTLEMENT).forEach((name, value) -> cmd.add("--" + name + "=" + value));
        // its own consumer group (beginning with the service's name, as its ACLs require), so the shared test context's
        // consumers never wait for a killed member; its dead-letter topics exist as the launcher would create them
        TestInfrastructure.createTopics(Topics.deadLetter(Topics.IDENTITY_CHANGED, GROUP), Topics.deadLetter(Topics.DISCHARGE_SUBMITTED, GROUP));
        cmd.addAll(List.of(
                "--onestop.settlement.group=" + GROUP,
                "--spring.cloud.stream.bindings.identityChanged-in-0.group=" + GROUP,
                "--spring.cloud.stream.bindings.dischargeSubmitted-in-0.group=" + GROUP,
                // the other tests' bulk discharges stay theirs: this new group starts at the end of the topic
                "--spring.cloud.stream.kafka.bindings.dischargeSubmitted-in-0.consumer.start-offset=latest",
                "--onestop.person-ref.secret=" + SettlementIntegrationTestBase.SECRET,
                "--" + TestTokens.JWKS_PROPERTY + "=" + TestTokens.jwksUri()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    static void awaitReady(HttpClient client, int port) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                var r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                // ready, and serving a hospital's call (the first one fetches the token keys and warms the path up),
                // so the load that follows measures settling, not a cold start
                if (r.statusCode() == 200 && client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                + "/api/v1/settlements/" + UUID.randomUUID()))
                        .header("Authorization", SettlementIntegrationTestBase.bearer(
                                SettlementIntegrationTestBase.hospitalClaims(SettlementIntegrationTestBase.HOSPITAL)))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 404) {
                    return;
                }
            } catch (Exception e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the child service did not become ready; see target/crash-child.log");
    }


}

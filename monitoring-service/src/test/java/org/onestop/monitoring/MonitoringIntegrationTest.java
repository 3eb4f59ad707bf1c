package org.onestop.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.onestop.events.ChangeKind;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.Department;
import org.onestop.events.IdentityChanged;
import org.onestop.events.IdentityType;
import org.onestop.events.MonitoringAlert;
import org.onestop.events.SettlementCompleted;
import org.onestop.infra.embedded.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * monitoring-service against the real broker and PostgreSQL: events published by hand on the input topics, warnings read
 * from {@code monitoring.alert.v1} by a plain consumer, a department webhook that is down and then up. One context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "onestop.monitoring.outbox.poll-interval=50ms",
        "onestop.monitoring.delivery.poll-interval=100ms",
        "onestop.monitoring.delivery.initial-backoff=100ms",
        "onestop.monitoring.delivery.max-backoff=500ms",
        "onestop.monitoring.delivery.open-wait=300ms",
        "onestop.monitoring.gauge-refresh=500ms"})
class MonitoringIntegrationTest {

    /** The civil-affairs webhook: answers 500 until {@link #webhookUp} is set. */
    static final HttpServer WEBHOOK;
    static final List<String> DELIVERED = new CopyOnWriteArrayList<>();
    static final AtomicInteger REFUSED = new AtomicInteger();
    static volatile boolean webhookUp;

    static {
        try {
            WEBHOOK = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        WEBHOOK.createContext("/warnings", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (webhookUp) {
                DELIVERED.add(exchange.getRequestHeaders().getFirst("ce-id") + " " + new String(body, StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
            } else {
                REFUSED.incrementAndGet();
                exchange.sendResponseHeaders(500, -1);
            }
            exchange.close();
        });
        WEBHOOK.start();
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "monitoring");
        registry.add("onestop.monitoring.webhooks.CIVIL_AFFAIRS",
                () -> "http://127.0.0.1:" + WEBHOOK.getAddress().getPort() + "/warnings");
    }

    @AfterAll
    static void stopWebhook() {
        WEBHOOK.stop(0);
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    JsonMapper json;

    static KafkaProducer<byte[], byte[]> producer;

    // ---------------------------------------------------------------- the scenario

    @Test
    void liaoningDibaoResidentIsWarnedOnceRoutedAcknowledgedAndResolvedWhileTheWebhookRecovers() throws Exception {
        try (KafkaConsumer<byte[], byte[]> alerts = alertConsumer()) {
            // (七) 因病返贫: a 低保 resident, burden after insurance 3,000 then 2,500 → the warning at the second (5,000 line)
            String person = newPersonRef();
            publish(identity(person, "210102", Department.CIVIL_AFFAIRS, IdentityType.DIBAO, ChangeKind.NEW, LocalDate.of(2026, 1, 1)));
            SettlementCompleted first = settled(person, "210102", "INPATIENT", "RESIDENT", LocalDate.of(2026, 3, 10), "3000.00", "900.00");
            SettlementCompleted second = settled(person, "210102", "CHRONIC_OUTPATIENT", "RESIDENT", LocalDate.of(2026, 5, 2), "2500.00", "750.00");
            publish(first);
            publish(second);
            MonitoringAlert raised = awaitAlert(alerts, person, MonitoringAlert.Kind.RAISED);
            assertThat(raised.lineId()).isEqualTo("relapse");
            assertThat(raised.regionCode()).isEqualTo("210000");
            assertThat(raised.threshold()).isEqualTo("5000.00");
            assertThat(raised.burden()).isEqualTo("5500.00");
            assertThat(raised.composition()).containsEntry("INPATIENT", "3000.00").containsEntry("CHRONIC_OUTPATIENT", "2500.00");
            assertThat(raised.departments()).containsExactly("CIVIL_AFFAIRS", "RURAL_REVITALIZATION");
            assertThat(raised.identityTypes()).containsExactly("DIBAO");
            assertThat(raised.maskedIdNumber()).isEqualTo("210102********0011");

            // duplicates and a replay of the whole sequence raise nothing new; a third discharge neither (once per line)
            publish(first);
            publish(second);
            publish(settled(person, "210102", "INPATIENT", "RESIDENT", LocalDate.of(2026, 6, 1), "8000.00", "0"));

            // meanwhile the civil-affairs webhook is down: consumption goes on — an ordinary resident crosses 20,000,
            // after a cancellation that arrived before its settlement (placed when the settlement came, never lost)
            String other = newPersonRef();
            UUID early = UUID.randomUUID();
            publish(new SettlementCompleted(UUID.randomUUID(), SettlementCompleted.Kind.REVERSED, early, other, null, null,
                    null, null, null, null, null, null, null, null, null, List.of(), "-15000.00", "-15000.00", "CANCELLED", null,
                    Instant.now()));
            publish(new SettlementCompleted(UUID.randomUUID(), SettlementCompleted.Kind.SETTLED, early, other, "210200",
                    "liaoning-2023", "H1", "R1", LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 9), "INPATIENT", "RESIDENT",
                    null, "40000.00", "40000.00", List.of(), "15000.00", "15000.00", null, null, Instant.now()));
            publish(settled(other, "210200", "INPATIENT", "RESIDENT", LocalDate.of(2026, 4, 1), "19999.99", "0"));
            publish(settled(other, "210200", "INPATIENT", "RESIDENT", LocalDate.of(2026, 4, 2), "0.01", "0"));
            MonitoringAlert otherRaised = awaitAlert(alerts, other, MonitoringAlert.Kind.RAISED);
            assertThat(otherRaised.lineId()).isEqualTo("impoverish-resident");
            assertThat(otherRaised.burden()).isEqualTo("20000.00"); // not 35,000: the early cancellation netted its settlement
            assertThat(REFUSED.get()).isPositive();
            assertThat(DELIVERED).isEmpty();

            // the department comes back: every warning is delivered, once each
            webhookUp = true;
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(DELIVERED)
                    .anyMatch(d -> d.startsWith(raised.eventId().toString()))
                    .anyMatch(d -> d.startsWith(otherRaised.eventId().toString())));

            // queries: open warnings of Liaoning's relapse line for civil affairs include it
            WarningJson[] open = http().get().uri("/api/v1/monitoring/warnings?region=210102&department=CIVIL_AFFAIRS&line=relapse")
                    .exchange().expectStatus().isOk().expectBody(WarningJson[].class).returnResult().getResponseBody();
            assertThat(open).extracting(WarningJson::id).contains(raised.warningId());

            // acknowledged by civil affairs; veterans affairs was not told (409 problem)
            http().post().uri("/api/v1/monitoring/warnings/{id}/acknowledge", raised.warningId())
                    .bodyValue(Map.of("department", "CIVIL_AFFAIRS", "note", "入户核查"))
                    .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ACKNOWLEDGED");
            http().post().uri("/api/v1/monitoring/warnings/{id}/acknowledge", raised.warningId())
                    .bodyValue(Map.of("department", "VETERANS_AFFAIRS"))
                    .exchange().expectStatus().isEqualTo(409)
                    .expectHeader().contentType("application/problem+json")
                    .expectBody().jsonPath("$.title").isEqualTo("Warning not routed to this department");

            // the monthly list: UTF-8 with BOM, the masked number only
            byte[] csv = http().get().uri("/api/v1/monitoring/warnings/monthly.csv?department=CIVIL_AFFAIRS&month="
                            + java.time.YearMonth.now(java.time.ZoneOffset.UTC))
                    .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
            String text = new String(csv, StandardCharsets.UTF_8);
            assertThat(text).startsWith("\uFEFF预警编号,").contains(raised.warningId().toString()).contains("210102********0011");

            // civil affairs acts: it grants the illness-poor identity → the warning is resolved
            publish(identity(person, "210102", Department.CIVIL_AFFAIRS, IdentityType.ILLNESS_POOR, ChangeKind.NEW, LocalDate.of(2026, 7, 1)));
            MonitoringAlert resolved = awaitAlert(alerts, person, MonitoringAlert.Kind.RESOLVED);
            assertThat(resolved.warningId()).isEqualTo(raised.warningId());
            assertThat(resolved.resolution()).isEqualTo("CIVIL_AFFAIRS:ILLNESS_POOR");
            http().get().uri("/api/v1/monitoring/warnings/{id}", raised.warningId()).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("RESOLVED");

            // exactly one RAISED for the person in all this
            assertThat(drain(alerts, person)).noneMatch(a -> a.kind() == MonitoringAlert.Kind.RAISED);
        }
    }

    @Test
    void unreadableRecordsAreDeadLetteredWithAReasonAndConsumptionContinues() throws Exception {
        String person = newPersonRef();
        producer().send(new ProducerRecord<>("settlement.completed.v1", person.getBytes(StandardCharsets.UTF_8),
                "{not json".getBytes(StandardCharsets.UTF_8))).get();
        try (KafkaConsumer<byte[], byte[]> dlq = consumer("settlement.completed.v1.monitoring-service.dlq")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : dlq.poll(Duration.ofMillis(200))) {
                    Header reason = r.headers().lastHeader(CloudEventHeaders.DLQ_REASON);
                    if (person.equals(new String(r.key(), StandardCharsets.UTF_8)) && reason != null) {
                        assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isEqualTo("MALFORMED_JSON");
                        return true;
                    }
                }
                return false;
            });
        }
        http().get().uri("/api/v1/monitoring/warnings?region=999999").exchange()
                .expectStatus().isBadRequest().expectHeader().contentType("application/problem+json");
        http().get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
                .value(body -> assertThat(body)
                        .contains("onestop_monitoring_warnings_open{")
                        .contains("onestop_monitoring_warnings_raised_total{")
                        .contains("onestop_monitoring_dead_letters_total{")
                        .contains("resilience4j_circuitbreaker_state{")
                        .doesNotContain(person));
    }

    // ---------------------------------------------------------------- fixtures

    record WarningJson(UUID id, String status, String lineId) {
    }

    WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30)).build();
    }

    static String newPersonRef() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static SettlementCompleted settled(String person, String region, String visitType, String insuranceType, LocalDate discharge,
                                       String burdenAfterInsurance, String assistance) {
        return new SettlementCompleted(UUID.randomUUID(), SettlementCompleted.Kind.SETTLED, UUID.randomUUID(), person, region,
                null, "H0001", "HIS-" + UUID.randomUUID(), discharge.minusDays(5), discharge, visitType, insuranceType, null,
                burdenAfterInsurance, burdenAfterInsurance,
                List.of(new SettlementCompleted.FundPayment("ASSISTANCE", "610100", assistance)),
                WarningsMath.minus(burdenAfterInsurance, assistance), burdenAfterInsurance, null, null, Instant.now());
    }

    static IdentityChanged identity(String person, String region, Department department, IdentityType type, ChangeKind change,
                                    LocalDate from) {
        return new IdentityChanged(UUID.randomUUID(), person, region, department, type, change, UUID.randomUUID(), from, null,
                null, "ref-" + UUID.randomUUID(), UUID.randomUUID(), Instant.now(), region + "********0011",
                LocalDate.of(1960, 1, 1), null);
    }

    /** Tiny yuan arithmetic for the fixtures. */
    static final class WarningsMath {
        static String minus(String a, String b) {
            return new java.math.BigDecimal(a).subtract(new java.math.BigDecimal(b)).setScale(2).toPlainString();
        }
    }

    void publish(SettlementCompleted e) throws Exception {
        send("settlement.completed.v1", e.personRef(), e.eventId(), SettlementCompleted.CE_TYPE, json.writeValueAsBytes(e));
    }

    void publish(IdentityChanged e) throws Exception {
        send("identity.changed.v1", e.personRef(), e.eventId(), IdentityChanged.CE_TYPE, json.writeValueAsBytes(e));
    }

    static void send(String topic, String key, UUID id, String type, byte[] value) throws Exception {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
        r.headers().add(CloudEventHeaders.ID, id.toString().getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.SUBJECT, key.getBytes(StandardCharsets.UTF_8));
        producer().send(r).get();
    }

    static synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put("bootstrap.servers", TestInfrastructure.kafkaBootstrapServers());
            p.put("acks", "all");
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    static KafkaConsumer<byte[], byte[]> consumer(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestInfrastructure.kafkaBootstrapServers());
        p.put("group.id", "test-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    static KafkaConsumer<byte[], byte[]> alertConsumer() {
        return consumer("monitoring.alert.v1");
    }

    private final Map<String, List<MonitoringAlert>> seen = new java.util.concurrent.ConcurrentHashMap<>();

    /** Waits for the person's next alert of that kind (each RAISED/RESOLVED is taken once). */
    MonitoringAlert awaitAlert(KafkaConsumer<byte[], byte[]> alerts, String person, MonitoringAlert.Kind kind) {
        List<MonitoringAlert> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            poll(alerts);
            List<MonitoringAlert> mine = seen.getOrDefault(person, List.of());
            for (MonitoringAlert a : mine) {
                if (a.kind() == kind) {
                    found.add(a);
                    mine.remove(a);
                    return true;
                }
            }
            return false;
        });
        return found.get(0);
    }

    /** Whatever else arrives for the person within two seconds. */
    List<MonitoringAlert> drain(KafkaConsumer<byte[], byte[]> alerts, String person) {
        long until = System.currentTimeMillis() + 2000;
        while (System.currentTimeMillis() < until) {
            poll(alerts);
        }
        return seen.getOrDefault(person, List.of());
    }

    private void poll(KafkaConsumer<byte[], byte[]> alerts) {
        for (ConsumerRecord<byte[], byte[]> r : alerts.poll(Duration.ofMillis(200))) {
            MonitoringAlert a = json.readValue(r.value(), MonitoringAlert.class);
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(a.personRef());
            assertThat(new String(r.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8))
                    .isEqualTo(a.eventId().toString());
            seen.computeIfAbsent(a.personRef(), k -> new CopyOnWriteArrayList<>()).add(a);
        }
    }
}

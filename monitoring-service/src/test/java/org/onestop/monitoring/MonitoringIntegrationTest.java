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
import java.util.HashMap;
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
import org.onestop.events.FreeText;
import org.onestop.events.IdentityChanged;
import org.onestop.events.IdentityType;
import org.onestop.events.InternalToken;
import org.onestop.events.MonitoringAlert;
import org.onestop.events.RebuildAttempt;
import org.onestop.events.SettlementCompleted;
import org.onestop.infra.embedded.KafkaAccess;
import org.onestop.infra.embedded.TestInfrastructure;
import org.onestop.infra.embedded.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * monitoring-service against the real broker and PostgreSQL: events published by hand on the input topics, warnings read
 * from {@code monitoring.alert.v1} by a plain consumer, a department webhook that is down and then up. One context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "onestop.messaging.outbox.poll-interval=50ms",
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
        TestTokens.register(registry);
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

    static final Map<String, KafkaProducer<byte[], byte[]>> producers = new HashMap<>();

    // ---------------------------------------------------------------- the scenario

    @Test
    void liaoningDibaoResidentIsWarnedOnceRoutedAcknowledgedAndResolvedWhileTheWebhookRecovers() throws Exception {
        try (KafkaConsumer<byte[], byte[]> alerts = alertConsumer()) {
            // (七) 因病返贫: a 低保 resident, burden after insurance 3,000 then 2,500 → the warning at the second (5,000 line)
            String person = newPersonRef();
            publish(identity(person, "210102", Department.CIVIL_AFFAIRS, IdentityType.DIBAO, ChangeKind.NEW, LocalDate.of(2026, 1, 1)));
            // identities and settlements come on two topics with no order between them, and a line is measured with
            // the identities known when the settlement is absorbed (docs/monitoring.md): the 低保 grant comes first
            await().atMost(Duration.ofSeconds(30)).until(() -> identityPeriods(person) > 0);
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
            assertThat(raised.maskedIdNumber()).isEqualTo("210102***********1");

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

            // acknowledged by civil affairs; veterans affairs was not told, so the warning is not theirs to see (404 problem)
            liaoning("CIVIL_AFFAIRS").post().uri("/api/v1/monitoring/warnings/{id}/acknowledge", raised.warningId())
                    .bodyValue(Map.of("department", "CIVIL_AFFAIRS", "note", "入户核查"))
                    .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ACKNOWLEDGED");
            liaoning("VETERANS_AFFAIRS").post().uri("/api/v1/monitoring/warnings/{id}/acknowledge", raised.warningId())
                    .bodyValue(Map.of("department", "VETERANS_AFFAIRS"))
                    .exchange().expectStatus().isNotFound()
                    .expectHeader().contentType("application/problem+json")
                    .expectBody().jsonPath("$.code").isEqualTo("warning-not-found");

            // the monthly list: UTF-8 with BOM, the masked number only
            byte[] csv = http().get().uri("/api/v1/monitoring/warnings/monthly.csv?department=CIVIL_AFFAIRS&month="
                            + java.time.YearMonth.now(java.time.ZoneOffset.UTC))
                    .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
            String text = new String(csv, StandardCharsets.UTF_8);
            assertThat(text).startsWith("\uFEFF预警编号,").contains(raised.warningId().toString()).contains("210102***********1");

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
    void anIdentityEventOfTheEarlierShapeLeavesNoBirthDateAndNoRebuildableMaskInTablesOrAlerts() throws Exception {
        // a record published before issue 11: the mask hides only the birth date and birthDate travels beside it
        String person = newPersonRef();
        IdentityChanged grant = identity(person, "210102", Department.CIVIL_AFFAIRS, IdentityType.DIBAO, ChangeKind.NEW,
                LocalDate.of(2026, 1, 1));
        ObjectNode old = (ObjectNode) json.readTree(json.writeValueAsBytes(grant));
        old.put("maskedIdNumber", "210102********0011");
        old.put("birthDate", "1960-01-01");
        assertThat(RebuildAttempt.of("210102********0011").withBirthDate(LocalDate.of(1960, 1, 1)).rebuilds()).isTrue();
        send("identity.changed.v1", person, grant.eventId(), IdentityChanged.CE_TYPE, json.writeValueAsBytes(old));
        await().atMost(Duration.ofSeconds(30)).until(() -> identityPeriods(person) > 0);
        publish(settled(person, "210102", "INPATIENT", "RESIDENT", LocalDate.of(2026, 3, 10), "5200.00", "0"));

        List<JsonNode> alerts = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = alertConsumer()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    alerts.add(json.readTree(r.value()));
                }
                return alerts.stream().anyMatch(a -> person.equals(a.get("personRef").asString()));
            });
        }
        JsonNode mine = alerts.stream().filter(a -> person.equals(a.get("personRef").asString())).findFirst().orElseThrow();
        assertThat(mine.get("maskedIdNumber").asString()).isEqualTo("210102***********1");
        // every alert on the topic: no birth date, and the mask leaves at least 10,000 candidates
        for (JsonNode alert : alerts) {
            assertThat(alert.has("birthDate")).isFalse();
            JsonNode mask = alert.get("maskedIdNumber");
            if (mask != null && !mask.isNull()) {
                assertThat(RebuildAttempt.of(mask.asString()).rebuilds()).as(alert.toString()).isFalse();
            }
            // person references are 64 random hex digits and may end in a 15-digit run by chance: not text
            ObjectNode text = (ObjectNode) alert.deepCopy();
            text.remove("personRef");
            text.remove("householdRef");
            assertThat(FreeText.containsIdNumber(text.toString())).as(text.toString()).isFalse();
        }
        // every stored mask: the person table has no birth date left beside it
        List<String> columns = db.sql("select column_name from information_schema.columns where table_name = 'person'")
                .map((row, meta) -> row.get(0, String.class)).all().collectList().block();
        assertThat(columns).contains("masked_id_number").doesNotContain("birth_date");
        List<String> masks = db.sql("select masked_id_number from person").map((row, meta) -> row.get(0, String.class))
                .all().collectList().block();
        assertThat(masks).contains("210102***********1");
        for (String m : masks) {
            assertThat(RebuildAttempt.of(m).rebuilds()).as(m).isFalse();
        }
    }

    @Test
    void anIdNumberInANoteOrANulInAQueryParameterIsA400NamingIt() {
        // only departments acknowledge: Liaoning civil affairs types an ID number into its note
        liaoning("CIVIL_AFFAIRS").post().uri("/api/v1/monitoring/warnings/{id}/acknowledge", UUID.randomUUID())
                .bodyValue(Map.of("department", "CIVIL_AFFAIRS", "note", "核查 21010219600101001X"))
                .exchange().expectStatus().isBadRequest().expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.field").isEqualTo("note");
        http().get().uri(b -> b.path("/api/v1/monitoring/warnings").queryParam("line", "relapse\u0000").build())
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("line");
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

    /**
     * The operator status (docs/runbook.md › Operator status) as an operator reads it: an unreadable record raises the
     * dead-letter count by one and shows its reason and person key (never its payload), the consumer catches up to
     * lag 0 past it; a department and a call without a token are refused.
     */
    @Test
    void anOperatorSeesADeadLetteredRecordsCountReasonAndKeyAndTheGroupsLagInTheStatus() {
        String dlq = "settlement.completed.v1.monitoring-service.dlq";
        long before = deadLetterCount(status(), dlq);
        String person = newPersonRef();
        send("settlement.completed.v1", person, "{not json 110101199003074514");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode s = status();
            assertThat(deadLetterCount(s, dlq)).isEqualTo(before + 1);
            JsonNode newest = topic(s.get("deadLetters"), dlq).get("latest");
            List<String> reasonsOfThePerson = new ArrayList<>();
            for (JsonNode d : newest) {
                if (person.equals(d.path("key").asString(""))) {
                    reasonsOfThePerson.add(d.get("reason").asString());
                }
            }
            assertThat(reasonsOfThePerson).containsExactly("MALFORMED_JSON");
            JsonNode lag = topic(s.get("consumers"), "settlement.completed.v1");
            assertThat(lag.get("group").asString()).isEqualTo("monitoring-service");
            assertThat(lag.get("binding").asString()).isEqualTo("settlementCompleted-in-0");
            assertThat(lag.get("lag").asLong()).isZero();
            assertThat(s.get("outbox").get("unpublished").isNumber()).isTrue();
            assertThat(s.toString()).doesNotContain("110101199003074514").doesNotContain("not json");
        });

        liaoning("CIVIL_AFFAIRS").get().uri("/api/v1/monitoring/operations/status").exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("not-allowed-for-partner-type");
        WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
                .get().uri("/api/v1/monitoring/operations/status").exchange().expectStatus().isUnauthorized();
    }

    JsonNode status() {
        return http().get().uri("/api/v1/monitoring/operations/status").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    static JsonNode topic(JsonNode entries, String topic) {
        for (JsonNode e : entries) {
            if (topic.equals(e.get("topic").asString())) {
                return e;
            }
        }
        throw new AssertionError("no entry for " + topic + " in " + entries);
    }

    static long deadLetterCount(JsonNode status, String dlq) {
        return topic(status.get("deadLetters"), dlq).get("records").asLong();
    }

    static void send(String topic, String key, String value) {
        try {
            producer().send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    org.springframework.r2dbc.core.DatabaseClient db;

    /**
     * One batch-mode poll (handed to the binding's consumer as the binder would) mixing three persons, a redelivered
     * record, an invalid record, a line crossed mid-poll and a cancellation that comes before its settlement: the
     * invalid record alone is dead-lettered, the duplicate counts once, each person-year is measured as if the events
     * came one by one, and the same poll delivered again changes nothing.
     */
    @Test
    void aPollMixingPersonsADuplicateAndAnInvalidRecordIsAbsorbedInOneGo() throws Exception {
        @SuppressWarnings("unchecked")
        java.util.function.Consumer<org.springframework.messaging.Message<List<byte[]>>> consumer =
                (java.util.function.Consumer<org.springframework.messaging.Message<List<byte[]>>>) context.getBean("settlementCompleted");
        // Bayingolin 二(四) class 4 (everyone else) line 10,630: 3,000 × 4 → warned at the 4th with 12,000.00
        String a = newPersonRef();
        List<SettlementCompleted> aEvents = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            aEvents.add(settled(a, "652801", "INPATIENT", "RESIDENT", LocalDate.of(2026, 3, 1 + i), "3000.00", "0"));
        }
        // Liaoning (七) 因病致贫 resident line 20,000: a cancellation before its settlement nets to 0, then 19,999.99 + 0.01
        String b = newPersonRef();
        UUID early = UUID.randomUUID();
        SettlementCompleted cancel = new SettlementCompleted(UUID.randomUUID(), SettlementCompleted.Kind.REVERSED, early, b, null,
                null, null, null, null, null, null, null, null, null, null, List.of(), "-15000.00", "-15000.00", "CANCELLED",
                null, Instant.now());
        SettlementCompleted late = new SettlementCompleted(UUID.randomUUID(), SettlementCompleted.Kind.SETTLED, early, b, "210200",
                "liaoning-2023", "H1", "R1", LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 9), "INPATIENT", "RESIDENT",
                null, "40000.00", "40000.00", List.of(), "15000.00", "15000.00", null, null, Instant.now());
        // Bayingolin, under the line: nothing
        String c = newPersonRef();
        SettlementCompleted under = settled(c, "652801", "INPATIENT", "RESIDENT", LocalDate.of(2026, 3, 1), "900.00", "0");
        // invalid: a visit type the policy library does not know
        String d = newPersonRef();
        SettlementCompleted invalid = settled(d, "652801", "NO_SUCH_VISIT", "RESIDENT", LocalDate.of(2026, 3, 1), "99999.00", "0");

        List<Object[]> poll = new ArrayList<>(); // {key, value}
        poll.add(record(aEvents.get(0)));
        poll.add(record(cancel));
        poll.add(record(aEvents.get(1)));
        poll.add(record(invalid));
        poll.add(record(aEvents.get(0))); // redelivered inside the poll
        poll.add(record(late));
        poll.add(record(under));
        poll.add(record(settled(b, "210200", "INPATIENT", "RESIDENT", LocalDate.of(2026, 4, 1), "19999.99", "0")));
        poll.add(record(aEvents.get(2)));
        poll.add(record(aEvents.get(3)));
        poll.add(record(settled(b, "210200", "INPATIENT", "RESIDENT", LocalDate.of(2026, 4, 2), "0.01", "0")));
        org.springframework.messaging.Message<List<byte[]>> message = batch(poll);

        try (KafkaConsumer<byte[], byte[]> dlq = consumer("settlement.completed.v1.monitoring-service.dlq");
             KafkaConsumer<byte[], byte[]> alerts = alertConsumer()) {
            consumer.accept(message);

            assertThat(warnings(a)).containsExactly("class4-line 1063000 1200000");
            assertThat(warnings(b)).containsExactly("impoverish-resident 2000000 2000000");
            assertThat(warnings(c)).isEmpty();
            assertThat(warnings(d)).isEmpty();
            assertThat(burden(early)).isEqualTo("0 2");
            assertThat(awaitAlert(alerts, a, MonitoringAlert.Kind.RAISED).burden()).isEqualTo("12000.00");
            MonitoringAlert bRaised = awaitAlert(alerts, b, MonitoringAlert.Kind.RAISED);
            assertThat(bRaised.burden()).isEqualTo("20000.00");
            assertThat(bRaised.composition()).containsEntry("INPATIENT", "20000.00");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : dlq.poll(Duration.ofMillis(200))) {
                    Header reason = r.headers().lastHeader(CloudEventHeaders.DLQ_REASON);
                    if (d.equals(new String(r.key(), StandardCharsets.UTF_8)) && reason != null) {
                        assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isEqualTo("INVALID_EVENT");
                        assertThat(new String(r.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8))
                                .isEqualTo(invalid.eventId().toString());
                        return true;
                    }
                }
                return false;
            });

            // the whole poll again (a redelivery after a crash before the offsets were committed): nothing changes
            consumer.accept(message);
            assertThat(warnings(a)).containsExactly("class4-line 1063000 1200000");
            assertThat(warnings(b)).containsExactly("impoverish-resident 2000000 2000000");
            assertThat(burden(early)).isEqualTo("0 2");
            assertThat(drain(alerts, a)).noneMatch(x -> x.kind() == MonitoringAlert.Kind.RAISED);
            assertThat(seen.getOrDefault(b, List.of())).noneMatch(x -> x.kind() == MonitoringAlert.Kind.RAISED);
        }
    }

    /**
     * One poll of identity events handed to the binding's consumer as the binder would: a 低保 grant corrected in the
     * same poll (the first period superseded), a redelivered record, a record keyed by another person, and civil
     * affairs granting 因病致贫 to a person it was warned about. One transaction: the corrected grant is superseded as
     * if the events came one by one, the warning is resolved once with its RESOLVED alert naming both routes, the
     * wrongly keyed record alone is dead-lettered, and the same poll again changes nothing.
     */
    @Test
    void aPollOfIdentityEventsIsAbsorbedInOneGoAsIfOneByOne() throws Exception {
        @SuppressWarnings("unchecked")
        java.util.function.Consumer<org.springframework.messaging.Message<List<byte[]>>> settlements =
                (java.util.function.Consumer<org.springframework.messaging.Message<List<byte[]>>>) context.getBean("settlementCompleted");
        @SuppressWarnings("unchecked")
        java.util.function.Consumer<org.springframework.messaging.Message<List<byte[]>>> identities =
                (java.util.function.Consumer<org.springframework.messaging.Message<List<byte[]>>>) context.getBean("identityChanged");
        // b: an ordinary Dalian resident at 20,000.00 after insurance → Liaoning (七) impoverish-resident, routed to
        // 民政 and 乡村振兴
        String b = newPersonRef();
        settlements.accept(batch(List.<Object[]>of(record(settled(b, "210202", "INPATIENT", "RESIDENT",
                LocalDate.of(2026, 4, 1), "20000.00", "0")))));
        assertThat(warnings(b)).containsExactly("impoverish-resident 2000000 2000000");

        String a = newPersonRef();
        IdentityChanged grant = identity(a, "210102", Department.CIVIL_AFFAIRS, IdentityType.DIBAO, ChangeKind.NEW,
                LocalDate.of(2026, 1, 1));
        IdentityChanged correction = new IdentityChanged(UUID.randomUUID(), a, "210102", Department.CIVIL_AFFAIRS,
                IdentityType.DIBAO, ChangeKind.CORRECTION, UUID.randomUUID(), LocalDate.of(2026, 2, 1), null,
                grant.periodId(), "ref-" + UUID.randomUUID(), UUID.randomUUID(), Instant.now(), "210102***********1", null);
        IdentityChanged resolving = identity(b, "210202", Department.CIVIL_AFFAIRS, IdentityType.ILLNESS_POOR,
                ChangeKind.NEW, LocalDate.of(2026, 7, 1));
        String d = newPersonRef();
        IdentityChanged misKeyed = identity(d, "210102", Department.CIVIL_AFFAIRS, IdentityType.DIBAO, ChangeKind.NEW,
                LocalDate.of(2026, 1, 1));
        List<Object[]> poll = new ArrayList<>();
        poll.add(record(grant));
        poll.add(record(correction));
        poll.add(record(grant)); // redelivered inside the poll
        poll.add(new Object[] {a.getBytes(StandardCharsets.UTF_8), json.writeValueAsBytes(misKeyed), misKeyed.eventId()});
        poll.add(record(resolving));
        org.springframework.messaging.Message<List<byte[]>> message = batch(poll);

        try (KafkaConsumer<byte[], byte[]> dlq = consumer("identity.changed.v1.monitoring-service.dlq");
             KafkaConsumer<byte[], byte[]> alerts = alertConsumer()) {
            identities.accept(message);

            assertThat(periods(a)).containsExactlyInAnyOrder(grant.periodId() + " superseded",
                    correction.periodId() + " current");
            assertThat(periods(d)).isEmpty();
            assertThat(status(b)).isEqualTo("RESOLVED CIVIL_AFFAIRS:ILLNESS_POOR");
            MonitoringAlert resolved = awaitAlert(alerts, b, MonitoringAlert.Kind.RESOLVED);
            assertThat(resolved.departments()).containsExactly("CIVIL_AFFAIRS", "RURAL_REVITALIZATION");
            assertThat(resolved.resolvedBy()).isEqualTo(resolving.eventId());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : dlq.poll(Duration.ofMillis(200))) {
                    Header reason = r.headers().lastHeader(CloudEventHeaders.DLQ_REASON);
                    if (a.equals(new String(r.key(), StandardCharsets.UTF_8)) && reason != null) {
                        assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isEqualTo("KEY_MISMATCH");
                        return true;
                    }
                }
                return false;
            });

            // the whole poll again: nothing changes, no second resolution
            identities.accept(message);
            assertThat(periods(a)).containsExactlyInAnyOrder(grant.periodId() + " superseded",
                    correction.periodId() + " current");
            assertThat(drain(alerts, b)).noneMatch(x -> x.kind() == MonitoringAlert.Kind.RESOLVED);
        }
    }

    Object[] record(IdentityChanged e) {
        return new Object[] {e.personRef().getBytes(StandardCharsets.UTF_8), json.writeValueAsBytes(e), e.eventId()};
    }

    /** The person's identity periods as "periodId superseded|current". */
    List<String> periods(String person) {
        return db.sql("select period_id, superseded from identity_period where person_ref = $1").bind(0, person)
                .map((row, meta) -> row.get(0, UUID.class) + (row.get(1, Boolean.class) ? " superseded" : " current"))
                .all().collectList().block(Duration.ofSeconds(10));
    }

    /** The status and resolution of the person's one warning. */
    String status(String person) {
        return db.sql("select status, resolution from warning where person_ref = $1").bind(0, person)
                .map((row, meta) -> row.get(0, String.class) + " " + row.get(1, String.class))
                .one().block(Duration.ofSeconds(10));
    }

    Object[] record(SettlementCompleted e) {
        return new Object[] {e.personRef().getBytes(StandardCharsets.UTF_8), json.writeValueAsBytes(e), e.eventId()};
    }

    static org.springframework.messaging.Message<List<byte[]>> batch(List<Object[]> records) {
        List<byte[]> values = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        List<Map<String, Object>> headers = new ArrayList<>();
        for (Object[] r : records) {
            keys.add(r[0]);
            values.add((byte[]) r[1]);
            headers.add(Map.of(CloudEventHeaders.ID, r[2].toString().getBytes(StandardCharsets.UTF_8),
                    CloudEventHeaders.TYPE, SettlementCompleted.CE_TYPE.getBytes(StandardCharsets.UTF_8)));
        }
        return org.springframework.messaging.support.MessageBuilder.withPayload(values)
                .setHeader(org.springframework.kafka.support.KafkaHeaders.RECEIVED_KEY, keys)
                .setHeader(org.springframework.kafka.support.KafkaHeaders.BATCH_CONVERTED_HEADERS, headers)
                .build();
    }

    /** The person's warnings as "line threshold-fen burden-fen". */
    List<String> warnings(String person) {
        return db.sql("select line_id, threshold_fen, burden_fen from warning where person_ref = $1 order by line_id")
                .bind(0, person)
                .map((row, meta) -> row.get(0, String.class) + " " + row.get(1, Long.class) + " " + row.get(2, Long.class))
                .all().collectList().block(Duration.ofSeconds(10));
    }

    /** How many identity periods of the person monitoring has absorbed. */
    long identityPeriods(String person) {
        return db.sql("select count(*) from identity_period where person_ref = $1").bind(0, person)
                .map((row, meta) -> ((Number) row.get(0)).longValue()).one().block(Duration.ofSeconds(10));
    }

    /** A settlement's stored sum after insurance (fen) and its event count. */
    String burden(UUID settlement) {
        return db.sql("select after_insurance, events from settlement_burden where settlement_id = $1")
                .bind(0, settlement)
                .map((row, meta) -> row.get(0, Long.class) + " " + row.get(1, Integer.class))
                .one().block(Duration.ofSeconds(10));
    }

    // ---------------------------------------------------------------- fixtures

    record WarningJson(UUID id, String status, String lineId) {
    }

    /** A client calling as an operator (reads every warning and list), with a fresh internal token. */
    WebTestClient http() {
        return as(Map.of("sub", "test-operator", "partner_type", "operator"));
    }

    /** A client calling as {@code department}'s Liaoning partner (210000). */
    WebTestClient liaoning(String department) {
        return as(Map.of("sub", department.toLowerCase() + "-210000", "partner_type", "department", "department", department,
                "region", "210000"));
    }

    WebTestClient as(Map<String, ?> claims) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30))
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.token(InternalToken.MONITORING_SERVICE, claims))
                .build();
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
                null, "ref-" + UUID.randomUUID(), UUID.randomUUID(), Instant.now(), region + "***********1", null);
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
        producer(writerOf(topic)).send(r).get();
    }

    /** The principal a test acts as on {@code topic}: its one writer (a private test topic is named after the topic it stands in for). */
    static String writerOf(String topic) {
        return topic.startsWith("identity.changed") ? KafkaAccess.IDENTITY : KafkaAccess.SETTLEMENT;
    }

    /** Settlement events are produced as settlement-service produces them. */
    static KafkaProducer<byte[], byte[]> producer() {
        return producer(KafkaAccess.SETTLEMENT);
    }

    static synchronized KafkaProducer<byte[], byte[]> producer(String principal) {
        return producers.computeIfAbsent(principal, who -> {
            Properties p = new Properties();
            p.putAll(TestInfrastructure.kafkaClientProperties(who));
            p.put("acks", "all");
            return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        });
    }

    static KafkaConsumer<byte[], byte[]> consumer(String topic) {
        Properties p = new Properties();
        p.putAll(TestInfrastructure.kafkaClientProperties(KafkaAccess.OPERATOR)); // reads like an operator would
        p.put("group.id", "operator-test-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    static KafkaConsumer<byte[], byte[]> alertConsumer() {
        return consumer("monitoring.alert.v1");
    }

    final Map<String, List<MonitoringAlert>> seen = new java.util.concurrent.ConcurrentHashMap<>();

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

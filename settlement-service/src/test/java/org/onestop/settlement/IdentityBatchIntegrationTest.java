package org.onestop.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.onestop.events.ChangeKind;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.IdentityChanged;
import org.onestop.events.IdentityType;
import org.onestop.infra.embedded.KafkaAccess;
import org.onestop.infra.embedded.TestInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * identity.changed.v1 is absorbed a poll at a time (issue 17): many events sent at once are all applied, a malformed
 * record among them is dead-lettered with its reason, and nothing of an event is written without the rest of it.
 */
class IdentityBatchIntegrationTest extends SettlementIntegrationTestBase {

    static final String DLQ = "identity.changed.v1.settlement-service.dlq";
    /** 1,000 by default; {@code -Donestop.test.identity-events=20000} turns the test into a rough throughput probe. */
    static final int EVENTS = Integer.getInteger("onestop.test.identity-events", 1000);

    @Test
    void aPollOfManyIdentityEventsIsAppliedAndAMalformedOneIsDeadLetteredWithItsReason() {
        // one person with a settled stay: burden 4,000, no identity yet, so the assistance paid nothing
        String settled = newPersonRef();
        JsonNode first = settleOk(withBurden(settled, "2026-03-01", "4000"));
        assertThat(first.get("setlinfo").get("maf_pay").asString()).isEqualTo("0.00");

        List<IdentityChanged> events = new ArrayList<>();
        events.add(identity(settled, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-02-01", null));
        for (int i = 1; i < EVENTS; i++) {
            events.add(identity(newPersonRef(), IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        }
        String malformedKey = newPersonRef();
        long started = System.nanoTime();
        sendAll(events, EVENTS / 2, malformedKey);

        List<UUID> ids = events.stream().map(IdentityChanged::eventId).toList();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("select count(*) from processed_event where event_id = any($1)", ids) == EVENTS);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("identity batch test: %d events applied in %.2f s (%.0f/s, one JVM with the broker and database)%n",
                EVENTS, seconds, EVENTS / seconds);

        // every applied event wrote its period for its person: the dedupe row and the state change commit together
        List<UUID> periods = events.stream().map(IdentityChanged::periodId).toList();
        List<String> persons = events.stream().map(IdentityChanged::personRef).distinct().toList();
        List<String> stored = db.sql("select period_id::text || ' ' || person_ref from identity_period where period_id = any($1)")
                .bind(0, periods.toArray(UUID[]::new)).map((row, meta) -> row.get(0, String.class)).all().collectList().block();
        assertThat(stored).containsExactlyInAnyOrderElementsOf(events.stream().map(e -> e.periodId() + " " + e.personRef()).toList());
        assertThat(count("select count(*) from person where person_ref = any($1)", persons)).isEqualTo(persons.size());

        // the malformed record: dead-lettered with the decoder's reason, and nothing written under its key
        List<ConsumerRecord<String, byte[]>> dead = records(DLQ, r -> malformedKey.equals(r.key()), l -> !l.isEmpty());
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), "x-dlq-reason")).isEqualTo("(value):malformed-identity-changed");
        assertThat(count("select count(*) from person where person_ref = any($1)", List.of(malformedKey))).isZero();

        // the settled person's book was re-settled in the poll's transaction: 低保 from 2026-02-01 covers the March
        // discharge; jiujiang-2022 三(三)2(2) class 2: 75 % of 4,000 = 3,000 paid as an adjustment (补付)
        List<JsonNode> announced = completedEvents(settled, 2);
        assertThat(announced).extracting(e -> e.get("kind").asString()).containsExactly("SETTLED", "ADJUSTED");
        JsonNode adjusted = announced.get(1);
        assertThat(adjusted.get("reason").asString()).isEqualTo("IDENTITY_CHANGED");
        assertThat(adjusted.get("causeId").asString()).isEqualTo(events.get(0).eventId().toString());
        assertThat(adjusted.get("payments").get(0).get("layer").asString()).isEqualTo("ASSISTANCE");
        assertThat(adjusted.get("payments").get(0).get("amount").asString()).isEqualTo("3000.00");
    }

    /** Sends the events with one producer, as identity-service's relay would, and a malformed record at {@code at}. */
    private void sendAll(List<IdentityChanged> events, int at, String malformedKey) {
        Properties p = new Properties();
        p.putAll(TestInfrastructure.kafkaClientProperties(KafkaAccess.writerOf("identity.changed.v1")));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < events.size(); i++) {
                if (i == at) {
                    producer.send(record(malformedKey, "{\"eventId\": ".getBytes(StandardCharsets.UTF_8), UUID.randomUUID()));
                }
                IdentityChanged e = events.get(i);
                producer.send(record(e.personRef(), json.writeValueAsBytes(e), e.eventId()));
            }
            producer.flush();
        }
    }

    private static ProducerRecord<String, byte[]> record(String key, byte[] value, UUID ceId) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>("identity.changed.v1", key, value);
        r.headers().add(CloudEventHeaders.ID, ceId.toString().getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.TYPE, IdentityChanged.CE_TYPE.getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.CONTENT_TYPE, "application/json".getBytes(StandardCharsets.UTF_8));
        return r;
    }

    private long count(String sql, List<?> values) {
        Object array = values.get(0) instanceof UUID ? values.toArray(UUID[]::new) : values.toArray(String[]::new);
        return db.sql(sql).bind(0, array).map((row, meta) -> row.get(0, Long.class)).one().block();
    }
}

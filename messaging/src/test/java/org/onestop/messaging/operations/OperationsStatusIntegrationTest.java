package org.onestop.messaging.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.onestop.events.Topics;
import org.onestop.messaging.MessagingTestInfrastructure;
import org.onestop.messaging.deadletter.DeadLetterReasons;
import org.onestop.messaging.deadletter.DeadLetters;
import org.onestop.messaging.operations.OperationsStatus.Binding;
import org.onestop.messaging.operations.ServiceStatus.ConsumerLag;
import org.onestop.messaging.operations.ServiceStatus.DeadLetter;
import org.onestop.messaging.operations.ServiceStatus.DeadLetterTopic;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/** A service's status against the real broker and PostgreSQL, read with the service's own principal. */
class OperationsStatusIntegrationTest {

    static final String PERSON = "ab".repeat(32);

    @Test
    void lagIsEndMinusCommittedDeadLettersAreCountedWithReasonAndPersonKeyOnlyAndTheOutboxBacklogIsItsRows()
            throws Exception {
        String topic = "messaging.it.ops-" + UUID.randomUUID() + ".v1";
        String group = MessagingTestInfrastructure.PRINCIPAL + "-ops-" + UUID.randomUUID();
        String dlq = Topics.deadLetter(topic, group);
        MessagingTestInfrastructure.createTopic(topic);
        MessagingTestInfrastructure.createTopic(dlq);

        // five records on partition 0, the group committed after the second: 5 - 2 = 3 behind
        KafkaTemplate<byte[], byte[]> template = MessagingTestInfrastructure.bytesTemplate();
        for (int i = 0; i < 5; i++) {
            template.send(new ProducerRecord<>(topic, 0, PERSON.getBytes(StandardCharsets.UTF_8),
                    ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8))).get();
        }
        try (Admin admin = Admin.create(MessagingTestInfrastructure.kafkaClientProperties())) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)))
                    .all().get();
        }

        // two dead letters: one keyed by a person reference, one by something else (its key must not be shown)
        DeadLetters deadLetters = new DeadLetters(template, group,
                DeadLetterReasons.when(IllegalArgumentException.class, e -> "dischargeDate:invalid")
                        .otherwise(DeadLetterReasons::unexpected), (t, r) -> { });
        String secret = "{\"idNumber\":\"110101199003074514\"}";
        deadLetters.send(topic, PERSON.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8), Map.of(),
                new IllegalArgumentException("quoted 110101199003074514"));
        deadLetters.send(topic, "110101199003074514".getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8), Map.of(), "MALFORMED_JSON");

        // two unpublished outbox rows, the older written 90 s ago
        DatabaseClient db = MessagingTestInfrastructure.migratedDatabase("messaging_ops_status");
        for (int ageSeconds : new int[] {90, 5}) {
            db.sql("""
                    insert into messaging_outbox (id, aggregatetype, aggregateid, type, payload, headers, created_at)
                    values ($1, 'messaging.it.ops.v1', $2, 'org.onestop.test.happened.v1', $3, '{}'::jsonb,
                            now() - make_interval(secs => $4))""")
                    .bind(0, UUID.randomUUID()).bind(1, PERSON).bind(2, new byte[] {1}).bind(3, ageSeconds)
                    .fetch().rowsUpdated().block();
        }

        try (OperationsStatus status = new OperationsStatus("enrollment-service", "enrollment-service-1",
                List.of(new Binding("things-in-0", group, topic)), MessagingTestInfrastructure.kafkaClientProperties(),
                db, List.of("database"), name -> "UP", Duration.ofSeconds(10), 5)) {
            ServiceStatus s = status.status().block(Duration.ofSeconds(60));

            assertThat(s.unavailable()).isEmpty();
            assertThat(s.answeredBy().instance()).isEqualTo("enrollment-service-1");
            assertThat(s.answeredBy().ready()).isTrue();
            ConsumerLag lag = s.consumers().get(0);
            assertThat(lag.group()).isEqualTo(group);
            assertThat(lag.topic()).isEqualTo(topic);
            assertThat(lag.lag()).isEqualTo(3L);
            assertThat(lag.members()).isZero();

            DeadLetterTopic letters = s.deadLetters().get(0);
            assertThat(letters.topic()).isEqualTo(topic + "." + group + ".dlq");
            assertThat(letters.records()).isEqualTo(2L);
            assertThat(letters.latest()).extracting(DeadLetter::reason)
                    .containsExactlyInAnyOrder("dischargeDate:invalid", "MALFORMED_JSON");
            assertThat(letters.latest()).filteredOn(d -> d.reason().equals("dischargeDate:invalid"))
                    .extracting(DeadLetter::key).containsExactly(PERSON);
            assertThat(letters.latest()).filteredOn(d -> d.reason().equals("MALFORMED_JSON"))
                    .extracting(DeadLetter::key).containsOnlyNulls();

            assertThat(s.outbox().unpublished()).isEqualTo(2);
            assertThat(s.outbox().oldestAgeSeconds()).isBetween(90L, 150L);

            // nothing of a payload, a raw key or an exception's text travels in the answer
            assertThat(JsonMapper.builder().build().writeValueAsString(s))
                    .doesNotContain("110101199003074514").doesNotContain("idNumber");
        }
    }

    @Test
    void aReplicaIsTheStaticMemberIdWithoutItsBindingAndConsumerNumber() {
        List<Binding> bindings = List.of(new Binding("settlementCompleted-in-0", "monitoring-service", "t"));
        assertThat(KafkaLook.replicaOf("monitoring-service-2-settlementCompleted-in-0-1", bindings))
                .isEqualTo("monitoring-service-2");
        assertThat(KafkaLook.replicaOf("something-else", bindings)).isEqualTo("something-else");
    }

    @Test
    void aBrokerThatDoesNotAnswerIsNamedAndTheRestIsStillAnswered() {
        Map<String, Object> nowhere = Map.of("bootstrap.servers", "127.0.0.1:1", "request.timeout.ms", 1000,
                "default.api.timeout.ms", 1500);
        try (OperationsStatus status = new OperationsStatus("enrollment-service", "enrollment-service-1",
                List.of(new Binding("things-in-0", "enrollment-service", "messaging.it.nowhere.v1")), nowhere, null,
                List.of("broker"), name -> "DOWN", Duration.ofSeconds(2), 5)) {
            ServiceStatus s = status.status().block(Duration.ofSeconds(30));
            assertThat(s.unavailable()).containsExactly("broker");
            assertThat(s.answeredBy().ready()).isFalse();
            assertThat(s.answeredBy().checks()).containsEntry("broker", "DOWN");
            assertThat(s.consumers()).isEmpty();
        }
    }
}

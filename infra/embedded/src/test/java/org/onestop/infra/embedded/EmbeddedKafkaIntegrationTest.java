package org.onestop.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIntegrationTest {

    @TempDir
    Path logDirectory;

    private static final String ADMIN_PASSWORD = "admin-password-for-this-test";
    private static final String OPERATOR_PASSWORD = "operator-password-for-this-test";

    @Test
    void producesAndConsumesThroughASixPartitionTopicAsAuthenticatedPrincipals() throws Exception {
        try (EmbeddedKafka kafka = start()) {
            send(kafka, "identity.changed.v1", "person-1", "{\"hello\":1}");

            List<ConsumerRecord<String, String>> records = consumeAll(kafka, "identity.changed.v1", 1);

            assertThat(records).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("person-1");
                assertThat(record.value()).isEqualTo("{\"hello\":1}");
            });
            try (KafkaProducer<String, String> producer = producer(kafka)) {
                assertThat(producer.partitionsFor("identity.changed.v1")).hasSize(6);
            }
        }
    }

    @Test
    void keepsRecordsWhenRestartedOnTheSameDirectory() throws Exception {
        try (EmbeddedKafka first = start()) {
            send(first, "identity.changed.v1", "person-2", "written before the restart");
        }

        try (EmbeddedKafka second = start()) {
            List<ConsumerRecord<String, String>> records = consumeAll(second, "identity.changed.v1", 1);

            assertThat(records).extracting(ConsumerRecord::value).containsExactly("written before the restart");
        }
    }

    /** A broker with the suite's topics and ACLs and two principals: identity-service writes, operator reads. */
    private EmbeddedKafka start() {
        EmbeddedKafka kafka = EmbeddedKafka.start(logDirectory, 0, ADMIN_PASSWORD);
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
            KafkaAccess.apply(admin, Map.of(KafkaAccess.IDENTITY, IDENTITY_PASSWORD, KafkaAccess.OPERATOR, OPERATOR_PASSWORD), 6);
        }
        return kafka;
    }

    private static final String IDENTITY_PASSWORD = "identity-password-for-this-test";

    private static void send(EmbeddedKafka kafka, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = producer(kafka)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
        Map<String, Object> config = new HashMap<>(KafkaAccess.clientProperties(kafka.bootstrapServers(), KafkaAccess.IDENTITY,
                IDENTITY_PASSWORD));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> consumeAll(EmbeddedKafka kafka, String topic, int expected) {
        Map<String, Object> config = new HashMap<>(KafkaAccess.clientProperties(kafka.bootstrapServers(), KafkaAccess.OPERATOR,
                OPERATOR_PASSWORD));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "operator-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}

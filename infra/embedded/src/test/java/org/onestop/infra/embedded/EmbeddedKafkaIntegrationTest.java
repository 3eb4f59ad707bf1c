package org.onestop.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    @Test
    void producesAndConsumesThroughAnAutoCreatedSixPartitionTopic() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(logDirectory, 0)) {
            send(kafka, "roundtrip.v1", "person-1", "{\"hello\":1}");

            List<ConsumerRecord<String, String>> records = consumeAll(kafka, "roundtrip.v1", 1);

            assertThat(records).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("person-1");
                assertThat(record.value()).isEqualTo("{\"hello\":1}");
            });
            try (KafkaProducer<String, String> producer = producer(kafka)) {
                assertThat(producer.partitionsFor("roundtrip.v1")).hasSize(6);
            }
        }
    }

    @Test
    void keepsRecordsWhenRestartedOnTheSameDirectory() throws Exception {
        try (EmbeddedKafka first = EmbeddedKafka.start(logDirectory, 0)) {
            send(first, "durable.v1", "person-2", "written before the restart");
        }

        try (EmbeddedKafka second = EmbeddedKafka.start(logDirectory, 0)) {
            List<ConsumerRecord<String, String>> records = consumeAll(second, "durable.v1", 1);

            assertThat(records).extracting(ConsumerRecord::value).containsExactly("written before the restart");
        }
    }

    private static void send(EmbeddedKafka kafka, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = producer(kafka)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> consumeAll(EmbeddedKafka kafka, String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
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

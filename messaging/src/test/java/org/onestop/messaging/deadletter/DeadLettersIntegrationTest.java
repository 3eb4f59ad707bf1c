package org.onestop.messaging.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.onestop.events.Topics;
import org.onestop.messaging.MessagingTestInfrastructure;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.util.backoff.FixedBackOff;

/** Dead letters against the real broker: where they go, what they carry, what they leave behind. */
class DeadLettersIntegrationTest {

    static final class InvalidField extends RuntimeException {
        final String field;

        InvalidField(String field) {
            super("record value quoted here");
            this.field = field;
        }
    }

    final List<String> noted = new ArrayList<>();
    final KafkaTemplate<byte[], byte[]> template = MessagingTestInfrastructure.bytesTemplate();
    final DeadLetters deadLetters = new DeadLetters(template, MessagingTestInfrastructure.GROUP,
            DeadLetterReasons.when(InvalidField.class, e -> e.field + ":invalid")
                    .otherwise(DeadLetterReasons::unexpected),
            (topic, reason) -> noted.add(topic + " " + reason));

    @Test
    void aDeadLetterGoesToTheGroupsDlqWithItsReasonAndOnlyTheCloudEventHeaders() {
        String topic = "messaging.it.dlq-sender.v1";
        MessagingTestInfrastructure.createTopic(Topics.deadLetter(topic, MessagingTestInfrastructure.GROUP));
        Map<String, Object> headers = new HashMap<>();
        headers.put("ce_id", "0b7c5a0e-0000-4000-8000-000000000001");
        headers.put("ce_type", "org.onestop.test.happened.v1".getBytes(StandardCharsets.UTF_8));
        headers.put("content-type", "application/json");
        headers.put("kafka_receivedTopic", topic);
        headers.put("x-partner-note", "stays behind");

        deadLetters.send(topic, "k1".getBytes(StandardCharsets.UTF_8), "{\"bad\":".getBytes(StandardCharsets.UTF_8),
                headers, new IllegalStateException(new InvalidField("dischargeDate")));

        ConsumerRecord<byte[], byte[]> r = readOne(Topics.deadLetter("messaging.it.dlq-sender.v1", MessagingTestInfrastructure.GROUP));
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("k1");
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"bad\":");
        assertThat(header(r, "x-dlq-reason")).isEqualTo("dischargeDate:invalid");
        assertThat(header(r, "ce_id")).isEqualTo("0b7c5a0e-0000-4000-8000-000000000001");
        assertThat(header(r, "ce_type")).isEqualTo("org.onestop.test.happened.v1");
        assertThat(header(r, "content-type")).isEqualTo("application/json");
        assertThat(header(r, "kafka_receivedTopic")).isNull();
        assertThat(header(r, "x-partner-note")).isNull();
        assertThat(noted).containsExactly("messaging.it.dlq-sender.v1 dischargeDate:invalid");
    }

    @Test
    void theContainerErrorHandlerDeadLettersANotRetryableFailureAtOnceWithItsReasonAndNoExceptionText()
            throws Exception {
        String topic = "messaging.it.dlq-handler.v1";
        MessagingTestInfrastructure.createTopic(topic);
        MessagingTestInfrastructure.createTopic(Topics.deadLetter(topic, MessagingTestInfrastructure.GROUP));
        List<String> attempts = new ArrayList<>();
        Map<String, Object> props = MessagingTestInfrastructure.kafkaClientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, MessagingTestInfrastructure.GROUP);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        ContainerProperties container = new ContainerProperties(topic);
        container.setMessageListener((MessageListener<byte[], byte[]>) record -> {
            attempts.add(new String(record.value(), StandardCharsets.UTF_8));
            throw new InvalidField("personRef");
        });
        KafkaMessageListenerContainer<byte[], byte[]> listener =
                new KafkaMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(props), container);
        // ten retries a second apart were it retryable: the test would see them as attempts
        listener.setCommonErrorHandler(DeadLetterErrorHandling.errorHandler(deadLetters, template,
                new FixedBackOff(1000, 10), List.of(InvalidField.class)));
        listener.start();
        try {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, "k2".getBytes(StandardCharsets.UTF_8),
                    "{\"personRef\":\"nope\"}".getBytes(StandardCharsets.UTF_8));
            record.headers().add(new RecordHeader("ce_id", "id-2".getBytes(StandardCharsets.UTF_8)));
            template.send(record).get(10, TimeUnit.SECONDS);

            ConsumerRecord<byte[], byte[]> r = readOne(Topics.deadLetter(topic, MessagingTestInfrastructure.GROUP));
            assertThat(header(r, "x-dlq-reason")).isEqualTo("personRef:invalid");
            assertThat(header(r, "ce_id")).isEqualTo("id-2");
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"personRef\":\"nope\"}");
            // the exception's message and stack trace may quote the record: they stay in the log
            assertThat(r.headers().lastHeader("kafka_dlt-exception-message")).isNull();
            assertThat(r.headers().lastHeader("kafka_dlt-exception-stacktrace")).isNull();
            assertThat(attempts).containsExactly("{\"personRef\":\"nope\"}");
            assertThat(noted).containsExactly(topic + " personRef:invalid");
        } finally {
            listener.stop();
        }
    }

    static ConsumerRecord<byte[], byte[]> readOne(String topic) {
        Map<String, Object> props = MessagingTestInfrastructure.kafkaClientProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            // private topics have the broker's partition count: read them all
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    return r;
                }
            }
        }
        throw new AssertionError("nothing arrived on " + topic);
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

package org.onestop.monitoring.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.Topics;
import org.onestop.monitoring.MonitoringProperties;
import org.onestop.monitoring.warning.WarningMetrics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Dead-letters one record of a batch-mode poll from inside the consumer (the poll's other records go on): to
 * {@code <topic>.<group>.dlq} with its original key, value and CloudEvents headers plus {@code x-dlq-reason} (a code,
 * never personal data). Waits for the broker's acknowledgement, so the poll's offsets are never committed past a dead
 * letter that was not written.
 */
@Component
class RecordDeadLetters {

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final MonitoringProperties properties;
    private final WarningMetrics metrics;

    RecordDeadLetters(KafkaTemplate<byte[], byte[]> kafka, MonitoringProperties properties, WarningMetrics metrics) {
        this.kafka = kafka;
        this.properties = properties;
        this.metrics = metrics;
    }

    void send(String topic, Object key, byte[] value, Map<String, Object> headers, String reason) {
        byte[] keyBytes = key instanceof byte[] b ? b : key == null ? null : key.toString().getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.deadLetter(topic, properties.group()), null, keyBytes, value);
        if (headers != null) {
            headers.forEach((name, v) -> {
                if (name.startsWith("ce_") || name.equals(CloudEventHeaders.CONTENT_TYPE)) {
                    byte[] bytes = v instanceof byte[] b ? b : v instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
                    if (bytes != null) {
                        r.headers().add(new RecordHeader(name, bytes));
                    }
                }
            });
        }
        r.headers().add(new RecordHeader(CloudEventHeaders.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8)));
        try {
            kafka.send(r).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (Exception e) {
            throw new IllegalStateException("dead-letter topic of " + topic + " did not acknowledge", e);
        }
        metrics.deadLetter(topic, reason);
    }
}

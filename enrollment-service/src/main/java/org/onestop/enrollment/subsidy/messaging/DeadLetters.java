package org.onestop.enrollment.subsidy.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.onestop.enrollment.EnrollmentProperties;
import org.onestop.enrollment.subsidy.SubsidyMetrics;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.Topics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends a record this service cannot process to {@code identity.changed.v1.<group>.dlq} with its original key, value
 * and CloudEvents headers plus {@code x-dlq-reason} (a code, never personal data), and waits for the acknowledgement
 * before the consumer moves on, so a dead letter is never lost.
 */
@Component
class DeadLetters {

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final SubsidyMetrics metrics;

    DeadLetters(KafkaTemplate<String, byte[]> kafka, EnrollmentProperties properties, SubsidyMetrics metrics) {
        this.kafka = kafka;
        this.topic = Topics.deadLetter(Topics.IDENTITY_CHANGED, properties.group());
        this.metrics = metrics;
    }

    void send(String key, byte[] value, Map<String, Object> headers, String reason) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, null, key, value);
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
            throw new IllegalStateException("dead-letter topic " + topic + " did not acknowledge", e);
        }
        metrics.deadLetter(reason);
    }
}

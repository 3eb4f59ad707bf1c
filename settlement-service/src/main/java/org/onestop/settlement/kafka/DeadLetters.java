package org.onestop.settlement.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.Topics;
import org.onestop.settlement.SettlementProperties;
import org.onestop.settlement.settle.SettlementMetrics;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Dead letters sent by a batch consumer itself (a batch listener cannot hand single records to the container's
 * recoverer without failing the rest of the poll): the original key, value and CloudEvents headers plus
 * {@code x-dlq-reason} (as {@link DeadLetterConfiguration#reason}), to {@code <topic>.<group>.dlq}. Waits for the
 * acknowledgement, so the consumer's offsets are committed only after its dead letters are stored.
 */
@Component
public class DeadLetters {

    private final KafkaTemplate<byte[], byte[]> template;
    private final SettlementMetrics metrics;
    private final String group;

    DeadLetters(KafkaProperties kafka, SettlementMetrics metrics, SettlementProperties properties) {
        Map<String, Object> props = kafka.buildProducerProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(props));
        this.metrics = metrics;
        this.group = properties.group();
    }

    /** Sends the record of {@code topic} to its dead-letter topic with the reason {@code ex} gives. */
    public void send(String topic, byte[] key, byte[] value, Map<String, Object> headers, Throwable ex) {
        String reason = DeadLetterConfiguration.reason(ex);
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.deadLetter(topic, group), null, key, value);
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
            template.send(r).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (Exception e) {
            throw new IllegalStateException("the dead-letter topic did not acknowledge", e);
        }
        metrics.deadLetter(topic, reason.contains(":") ? reason.substring(reason.indexOf(':') + 1) : reason);
    }
}

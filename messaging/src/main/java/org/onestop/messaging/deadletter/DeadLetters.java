package org.onestop.messaging.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.Topics;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The one dead-letter sender: a record of {@code topic} that consumer group {@code group} cannot process goes to
 * {@code <topic>.<group>.dlq} (named by {@link Topics#deadLetter}) with its original key and value, its CloudEvents
 * headers ({@code ce_*}, {@code content-type}) and {@code x-dlq-reason}. Other headers stay behind (the binder's own
 * and anything a producer added). Waits for the broker's acknowledgement, so a consumer never commits an offset past a
 * dead letter that was not stored.
 */
public class DeadLetters implements DeadLetterSender {

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final String group;
    private final DeadLetterReasons.Total reasons;
    private final BiConsumer<String, String> onDeadLetter;

    /**
     * @param kafka        a template with byte-array key and value serializers
     * @param group        the consumer group whose dead letters these are
     * @param reasons      the service's mapping from a failure to its reason code
     * @param onDeadLetter called with (topic, reason) after each acknowledged dead letter, e.g. to count it
     */
    public DeadLetters(KafkaTemplate<byte[], byte[]> kafka, String group, DeadLetterReasons.Total reasons,
            BiConsumer<String, String> onDeadLetter) {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("dead letters need the consumer group");
        }
        this.kafka = kafka;
        this.group = group;
        this.reasons = reasons;
        this.onDeadLetter = onDeadLetter;
    }

    public String group() {
        return group;
    }

    public DeadLetterReasons.Total reasons() {
        return reasons;
    }

    /** Dead-letters the record with the reason the service's mapping gives {@code failure}. */
    public void send(String topic, byte[] key, byte[] value, Map<String, ?> headers, Throwable failure) {
        send(topic, key, value, headers, reasons.reasonOf(failure));
    }

    @Override
    public void send(String topic, byte[] key, byte[] value, Map<String, ?> headers, String reason) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topics.deadLetter(topic, group), null, key, value);
        if (headers != null) {
            headers.forEach((name, v) -> {
                if (name.startsWith("ce_") || name.equals(CloudEventHeaders.CONTENT_TYPE)) {
                    byte[] bytes = v instanceof byte[] b ? b
                            : v instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
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
            throw new IllegalStateException("dead-letter topic " + r.topic() + " did not acknowledge", e);
        }
        noted(topic, reason);
    }

    /** The service's hook (e.g. a counter), also for dead letters the container's recoverer sends. */
    void noted(String topic, String reason) {
        onDeadLetter.accept(topic, reason);
    }
}

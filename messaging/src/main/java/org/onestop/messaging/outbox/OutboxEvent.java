package org.onestop.messaging.outbox;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.onestop.events.Topic;

/**
 * One event to append: the topic it goes to, its record key in wire form, its id ({@code ce_id}), its value bytes and
 * when it happened ({@code ce_time}).
 *
 * @param topic the registry's topic; its name and CloudEvents type go into the row
 * @param key   the record key as it travels (for a {@code PersonRef} key, its hex string)
 * @param id    the event id, published as {@code ce_id}; unique in the outbox
 * @param value the record value (JSON bytes), published unchanged
 * @param time  the event time, published as {@code ce_time}
 */
public record OutboxEvent(Topic<?, ?> topic, String key, UUID id, byte[] value, Instant time) {

    public OutboxEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(time, "time");
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("an outbox event needs its record key (the person reference)");
        }
    }

    /** The event of {@code topic} keyed by {@code key}, whose wire form is its {@code toString()}. */
    public static <K> OutboxEvent of(Topic<K, ?> topic, K key, UUID id, byte[] value, Instant time) {
        return new OutboxEvent(topic, Objects.requireNonNull(key, "key").toString(), id, value, time);
    }
}

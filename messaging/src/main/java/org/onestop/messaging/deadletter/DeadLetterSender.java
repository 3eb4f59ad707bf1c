package org.onestop.messaging.deadletter;

import java.util.Map;

/** Where a consumer puts a record it cannot process; {@link DeadLetters} is the Kafka one. */
@FunctionalInterface
public interface DeadLetterSender {

    /**
     * Stores the record of {@code topic} with its reason code, and returns only once it is stored.
     *
     * @param headers the record's headers as the binder hands them (text or bytes); only CloudEvents ones are kept
     */
    void send(String topic, byte[] key, byte[] value, Map<String, ?> headers, String reason);
}

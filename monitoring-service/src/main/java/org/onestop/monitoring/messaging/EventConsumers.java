package org.onestop.monitoring.messaging;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.onestop.events.IdentityChanged;
import org.onestop.events.SettlementCompleted;
import org.onestop.events.Topics;
import org.onestop.messaging.batch.BatchConsumer;
import org.onestop.messaging.batch.UnreadableRecordException;
import org.onestop.messaging.deadletter.DeadLetters;
import org.onestop.monitoring.warning.IdentityBatch;
import org.onestop.monitoring.warning.SettlementBatch;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two bindings, both batch mode on the platform's batch skeleton ({@link BatchConsumer}): each record of a poll is
 * decoded and checked here (what can never be processed is dead-lettered at once with its reason, the others go on),
 * the rest of the poll is absorbed in ONE database transaction ({@link SettlementBatch}, {@link IdentityBatch}), and
 * the container commits the poll's offsets only after that returns. While the database is away the poll waits and is
 * retried whole (event-id dedupe makes the retry safe); any other failure narrows the poll to its records one by one,
 * each a batch of one through the same path, and only the record that still fails is dead-lettered as
 * {@code PROCESSING_FAILED}.
 */
@Configuration(proxyBeanMethods = false)
class EventConsumers {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Bean
    Consumer<Message<List<byte[]>>> settlementCompleted(SettlementBatch batch, DeadLetters deadLetters, JsonMapper json) {
        return new BatchConsumer<SettlementBatch.Prepared>(Topics.SETTLEMENT_COMPLETED,
                (key, value, headers) -> prepare(batch, decode(value, key, json, SettlementCompleted.class,
                        SettlementCompleted::personRef)),
                batch::absorb,
                deadLetters, deadLetters.reasons(), BatchConsumer.TRANSIENT, Duration.ofMillis(200),
                Duration.ofSeconds(10));
    }

    @Bean
    Consumer<Message<List<byte[]>>> identityChanged(IdentityBatch batch, DeadLetters deadLetters, JsonMapper json) {
        return new BatchConsumer<IdentityChanged>(Topics.IDENTITY_CHANGED,
                (key, value, headers) -> decode(value, key, json, IdentityChanged.class, IdentityChanged::personRef),
                batch::absorb,
                deadLetters, deadLetters.reasons(), BatchConsumer.TRANSIENT, Duration.ofMillis(200),
                Duration.ofSeconds(10));
    }

    private static SettlementBatch.Prepared prepare(SettlementBatch batch, SettlementCompleted event) {
        try {
            return batch.prepare(event);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UnreadableRecordException("INVALID_EVENT");
        }
    }

    /** The event, or the reason it can never be processed ({@code x-dlq-reason}: a code, never the record). */
    static <T> T decode(byte[] value, String key, JsonMapper json, Class<T> type, Function<T, String> personRef) {
        T event;
        try {
            event = json.readValue(value, type);
        } catch (JacksonException e) {
            // Jackson wraps the record's own validation (bad personRef, missing id) as a value-instantiation failure
            boolean invalid = e.getCause() instanceof IllegalArgumentException
                    || e.getCause() instanceof NullPointerException;
            throw new UnreadableRecordException(invalid ? "INVALID_EVENT" : "MALFORMED_JSON");
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UnreadableRecordException("INVALID_EVENT");
        }
        if (event == null) {
            throw new UnreadableRecordException("MALFORMED_JSON");
        }
        if (key != null && !key.equals(personRef.apply(event))) {
            throw new UnreadableRecordException("KEY_MISMATCH");
        }
        return event;
    }
}

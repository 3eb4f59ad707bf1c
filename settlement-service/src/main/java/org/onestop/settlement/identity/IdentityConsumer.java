package org.onestop.settlement.identity;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.onestop.events.IdentityChanged;
import org.onestop.events.Topics;
import org.onestop.messaging.batch.BatchConsumer;
import org.onestop.messaging.batch.UnreadableRecordException;
import org.onestop.messaging.deadletter.DeadLetters;
import org.onestop.settlement.kafka.Blocking;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binding {@code identityChanged-in-0} (group settlement-service, batch mode) on the platform's batch skeleton: each
 * record of a poll is decoded here (what cannot be read is dead-lettered with its reason), the rest are applied in ONE
 * transaction by {@link IdentityView#applyAll}, and the container commits the offsets only after that returns; a
 * crash re-delivers the poll and the event-id dedupe absorbs it. A poll whose transaction fails is applied record by
 * record, and a record that fails alone is dead-lettered.
 */
@Configuration(proxyBeanMethods = false)
class IdentityConsumer {

    @Bean
    Consumer<Message<List<byte[]>>> identityChanged(JsonMapper json, IdentityView view, DeadLetters deadLetters) {
        return new BatchConsumer<IdentityChanged>(Topics.IDENTITY_CHANGED, (key, value, headers) -> decode(json, value),
                events -> Blocking.await(view.applyAll(events)), deadLetters, deadLetters.reasons(),
                BatchConsumer.TRANSIENT, Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    /** The event, or the reason it can never be applied ({@code (value):malformed-identity-changed}, {@code (value):empty}). */
    static IdentityChanged decode(JsonMapper json, byte[] value) {
        IdentityChanged event;
        try {
            event = json.readValue(value, IdentityChanged.class);
        } catch (RuntimeException e) {
            throw new UnreadableRecordException("(value):malformed-identity-changed");
        }
        if (event == null) {
            throw new UnreadableRecordException("(value):empty");
        }
        return event;
    }
}

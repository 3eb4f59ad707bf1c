package org.onestop.enrollment.subsidy.messaging;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.onestop.enrollment.subsidy.Enrollments;
import org.onestop.events.IdentityChanged;
import org.onestop.events.Topics;
import org.onestop.messaging.batch.BatchConsumer;
import org.onestop.messaging.batch.UnreadableRecordException;
import org.onestop.messaging.deadletter.DeadLetters;
import org.onestop.policy.PolicyCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import tools.jackson.databind.json.JsonMapper;

/**
 * The binding {@code identityChanged-in-0} (group {@code enrollment-service}, batch mode) on the platform's batch
 * skeleton: each record is decoded and checked here (what can never be processed is dead-lettered with its reason),
 * the rest of the poll is applied in ONE transaction by {@link Enrollments#apply}, and the offsets are committed by
 * the container only after that returns, so a crash re-delivers and the event-id dedupe absorbs it.
 */
@Configuration(proxyBeanMethods = false)
class IdentityChangedConsumer {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Bean
    Consumer<Message<List<byte[]>>> identityChanged(Enrollments enrollments, DeadLetters deadLetters, JsonMapper json,
            PolicyCatalog catalog) {
        return new BatchConsumer<IdentityChanged>(Topics.IDENTITY_CHANGED,
                (key, value, headers) -> decode(json, catalog, key, value),
                events -> enrollments.apply(events).block(TIMEOUT),
                deadLetters, deadLetters.reasons(), BatchConsumer.TRANSIENT, Duration.ofMillis(200),
                Duration.ofSeconds(10));
    }

    /** The event, or the reason it can never be processed. */
    static IdentityChanged decode(JsonMapper json, PolicyCatalog catalog, String key, byte[] value) {
        IdentityChanged e;
        try {
            e = json.readValue(value, IdentityChanged.class);
        } catch (RuntimeException ex) {
            throw new UnreadableRecordException(
                    ex.getCause() instanceof IllegalArgumentException || ex instanceof IllegalArgumentException
                            ? "invalid-event" : "malformed-event");
        }
        if (catalog.policyRegionOf(e.regionCode()).isEmpty()) {
            throw new UnreadableRecordException("no-policy-for-region");
        }
        if (key != null && !key.equals(e.personRef())) {
            throw new UnreadableRecordException("key-not-person");
        }
        return e;
    }
}

package org.onestop.monitoring.messaging;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.onestop.events.IdentityChanged;
import org.onestop.events.SettlementCompleted;
import org.onestop.monitoring.warning.WarningService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two bindings ({@code settlementCompleted-in-0}, {@code identityChanged-in-0}): imperative consumers so the
 * container's retries and dead letters apply. A record is acknowledged once its database transaction has committed;
 * redeliveries are absorbed as duplicates by event id.
 */
@Configuration(proxyBeanMethods = false)
class EventConsumers {

    @Bean
    Consumer<Message<byte[]>> settlementCompleted(WarningService warnings, JsonMapper json) {
        return message -> warnings.absorb(decode(message, json, SettlementCompleted.class, SettlementCompleted::personRef));
    }

    @Bean
    Consumer<Message<byte[]>> identityChanged(WarningService warnings, JsonMapper json) {
        return message -> warnings.absorb(decode(message, json, IdentityChanged.class, IdentityChanged::personRef));
    }

    static <T> T decode(Message<byte[]> message, JsonMapper json, Class<T> type, java.util.function.Function<T, String> personRef) {
        T event;
        try {
            event = json.readValue(message.getPayload(), type);
        } catch (JacksonException e) {
            // Jackson wraps the record's own validation (bad personRef, missing id) as a value-instantiation failure
            Throwable root = e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof NullPointerException
                    ? e.getCause() : null;
            throw new UnprocessableEventException(root != null ? "INVALID_EVENT" : "MALFORMED_JSON",
                    root != null ? root.getMessage() : e.getOriginalMessage(), null);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UnprocessableEventException("INVALID_EVENT", e.getMessage(), null);
        }
        if (event == null) {
            throw new UnprocessableEventException("MALFORMED_JSON", "empty value", null);
        }
        Object key = message.getHeaders().get(KafkaHeaders.RECEIVED_KEY);
        String keyText = key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : key == null ? null : key.toString();
        if (keyText != null && !keyText.equals(personRef.apply(event))) {
            throw new UnprocessableEventException("KEY_MISMATCH", "the record key is not the event's personRef", null);
        }
        return event;
    }
}

package org.onestop.monitoring.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.onestop.events.IdentityChanged;
import org.onestop.events.SettlementCompleted;
import org.onestop.monitoring.warning.SettlementBatch;
import org.onestop.monitoring.warning.WarningService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two bindings. {@code settlementCompleted-in-0} is batch mode: each poll's records are validated one by one (what
 * can never be processed is dead-lettered at once with its reason, the others go on), then absorbed in ONE database
 * transaction ({@link SettlementBatch}); the container commits the poll's offsets only after this method returns. If
 * the poll fails because the database is away, the exception goes to the container, which retries the whole poll with
 * backoff (event-id dedupe makes the retry safe) and after about a minute dead-letters it as {@code PROCESSING_FAILED};
 * any other failure of the poll falls back to the per-record path for that poll, dead-lettering only the record that
 * fails. {@code identityChanged-in-0} (a low-volume feed) stays per record, one transaction each.
 */
@Configuration(proxyBeanMethods = false)
class EventConsumers {

    private static final Logger log = LoggerFactory.getLogger(EventConsumers.class);
    private static final String SETTLEMENTS = "settlement.completed.v1";

    /** A record that passed validation, with what its dead letter needs if it fails later. */
    private record Valid(SettlementBatch.Prepared prepared, Object key, byte[] value, Map<String, Object> headers) {
    }

    @Bean
    Consumer<Message<List<byte[]>>> settlementCompleted(SettlementBatch batch, WarningService warnings, RecordDeadLetters deadLetters,
                                                        JsonMapper json) {
        return message -> {
            List<byte[]> values = message.getPayload();
            List<?> keys = list(message.getHeaders().get(KafkaHeaders.RECEIVED_KEY));
            List<?> headers = list(message.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS));
            List<Valid> valid = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                Object key = i < keys.size() ? keys.get(i) : null;
                @SuppressWarnings("unchecked")
                Map<String, Object> h = i < headers.size() && headers.get(i) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                try {
                    SettlementCompleted event = decode(values.get(i), key, json, SettlementCompleted.class, SettlementCompleted::personRef);
                    SettlementBatch.Prepared prepared;
                    try {
                        prepared = batch.prepare(event);
                    } catch (IllegalArgumentException | NullPointerException e) {
                        throw new UnprocessableEventException("INVALID_EVENT", e.getMessage(), null);
                    }
                    valid.add(new Valid(prepared, key, values.get(i), h));
                } catch (UnprocessableEventException e) {
                    log.warn("settlement record at index {} of the poll dead-lettered: {}", i, e.reason());
                    deadLetters.send(SETTLEMENTS, key, values.get(i), h, e.reason());
                }
            }
            if (valid.isEmpty()) {
                return;
            }
            try {
                batch.absorb(valid.stream().map(Valid::prepared).toList());
            } catch (RuntimeException e) {
                if (transientFailure(e)) {
                    throw e; // the container retries the poll with backoff, then dead-letters it (DeadLetters)
                }
                log.warn("poll of {} settlement events failed ({}), absorbing its records one by one", valid.size(), e.toString());
                for (Valid v : valid) {
                    try {
                        warnings.absorb(v.prepared().event());
                    } catch (RuntimeException single) {
                        if (transientFailure(single)) {
                            throw single;
                        }
                        log.error("settlement event {} cannot be processed, dead-lettered", v.prepared().event().eventId(), single);
                        deadLetters.send(SETTLEMENTS, v.key(), v.value(), v.headers(), "PROCESSING_FAILED");
                    }
                }
            }
        };
    }

    @Bean
    Consumer<Message<byte[]>> identityChanged(WarningService warnings, JsonMapper json) {
        return message -> warnings.absorb(decode(message.getPayload(), message.getHeaders().get(KafkaHeaders.RECEIVED_KEY), json,
                IdentityChanged.class, IdentityChanged::personRef));
    }

    static <T> T decode(byte[] value, Object key, JsonMapper json, Class<T> type, java.util.function.Function<T, String> personRef) {
        T event;
        try {
            event = json.readValue(value, type);
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
        String keyText = key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : key == null ? null : key.toString();
        if (keyText != null && !keyText.equals(personRef.apply(event))) {
            throw new UnprocessableEventException("KEY_MISMATCH", "the record key is not the event's personRef", null);
        }
        return event;
    }

    /** The database (or the network to it) is away: worth retrying the same poll, never a reason to skip a record. */
    static boolean transientFailure(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof io.r2dbc.spi.R2dbcTransientException
                    || t instanceof io.r2dbc.spi.R2dbcNonTransientResourceException
                    || t instanceof java.io.IOException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof IllegalStateException && String.valueOf(t.getMessage()).contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static List<?> list(Object header) {
        return header instanceof List<?> l ? l : List.of();
    }
}

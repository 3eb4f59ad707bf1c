package org.onestop.enrollment.subsidy.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.onestop.enrollment.subsidy.Enrollments;
import org.onestop.events.IdentityChanged;
import org.onestop.policy.PolicyCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import tools.jackson.databind.json.JsonMapper;

/**
 * The binding {@code identityChanged-in-0} (group {@code enrollment-service}, batch mode): an imperative
 * {@code Consumer<Message<List<byte[]>>>}. Each poll's records are validated one by one (what can never be processed
 * goes to the dead-letter topic with its reason), then applied in ONE database transaction; the offsets are committed
 * by the container only after this method returns, so a crash re-delivers and the event-id dedupe absorbs it.
 *
 * <p>The R2DBC call is blocked on deliberately, here and only here: the binder's listener thread is ours, and the
 * batch must be committed before its offsets are.
 */
@Configuration(proxyBeanMethods = false)
class IdentityChangedConsumer {

    private static final Logger log = LoggerFactory.getLogger(IdentityChangedConsumer.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** A record that passed validation, with what the dead-letter topic needs if it fails later. */
    private record Parsed(IdentityChanged event, String key, byte[] value, Map<String, Object> headers) {
    }

    @Bean
    Consumer<Message<List<byte[]>>> identityChanged(Enrollments enrollments, DeadLetters deadLetters, JsonMapper json,
            PolicyCatalog catalog) {
        return message -> {
            List<byte[]> values = message.getPayload();
            List<?> keys = list(message.getHeaders().get(KafkaHeaders.RECEIVED_KEY));
            List<?> headers = list(message.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS));
            List<Parsed> valid = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                String key = i < keys.size() ? key(keys.get(i)) : null;
                @SuppressWarnings("unchecked")
                Map<String, Object> h = i < headers.size() ? (Map<String, Object>) headers.get(i) : Map.of();
                byte[] value = values.get(i);
                String reason = null;
                IdentityChanged e = null;
                try {
                    e = json.readValue(value, IdentityChanged.class);
                } catch (RuntimeException ex) {
                    reason = ex.getCause() instanceof IllegalArgumentException || ex instanceof IllegalArgumentException
                            ? "invalid-event" : "malformed-event";
                }
                if (e != null) {
                    if (catalog.policyRegionOf(e.regionCode()).isEmpty()) {
                        reason = "no-policy-for-region";
                    } else if (key != null && !key.equals(e.personRef())) {
                        reason = "key-not-person";
                    }
                }
                if (reason != null) {
                    log.warn("identity event at index {} of the batch dead-lettered: {}", i, reason);
                    deadLetters.send(key, value, h, reason);
                } else {
                    valid.add(new Parsed(e, key, value, h));
                }
            }
            applyWithRetry(enrollments, deadLetters, valid);
        };
    }

    /**
     * Applies the batch; while the database is unreachable, waits and retries (never skips). An unexpected error on a
     * batch is narrowed to the record that causes it, which is dead-lettered as {@code processing-failed}.
     */
    private static void applyWithRetry(Enrollments enrollments, DeadLetters deadLetters, List<Parsed> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long backoff = 200;
        while (true) {
            try {
                enrollments.apply(batch.stream().map(Parsed::event).toList()).block(TIMEOUT);
                return;
            } catch (RuntimeException ex) {
                if (transientFailure(ex)) {
                    log.warn("database unavailable, retrying the batch of {} in {} ms: {}", batch.size(), backoff, ex.toString());
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, 10_000);
                    continue;
                }
                if (batch.size() == 1) {
                    log.error("identity event {} cannot be processed, dead-lettered", batch.get(0).event().eventId(), ex);
                    Parsed p = batch.get(0);
                    deadLetters.send(p.key(), p.value(), p.headers(), "processing-failed");
                    return;
                }
                log.warn("batch of {} failed ({}), applying its records one by one", batch.size(), ex.toString());
                for (Parsed p : batch) {
                    applyWithRetry(enrollments, deadLetters, List.of(p));
                }
                return;
            }
        }
    }

    private static boolean transientFailure(Throwable ex) {
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

    /** Keys arrive as the binder's native bytes (ByteArrayDeserializer) or already as text. */
    private static String key(Object k) {
        return k instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : k == null ? null : k.toString();
    }

    private static List<?> list(Object header) {
        return header instanceof List<?> l ? l : List.of();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

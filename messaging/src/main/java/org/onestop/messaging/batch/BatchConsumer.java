package org.onestop.messaging.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import org.onestop.events.Topic;
import org.onestop.messaging.deadletter.DeadLetterReasons;
import org.onestop.messaging.deadletter.DeadLetterSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * The skeleton of a batch-mode binding ({@code Consumer<Message<List<byte[]>>>}): decode each record of the poll,
 * dead-letter what cannot be read, apply the rest in ONE transaction; the binder commits the offsets only after
 * {@link #accept} returns, so a crash re-delivers and the consumer's event-id dedupe absorbs it.
 *
 * <p>When the transaction fails: while the database is unreachable ({@code transient}), the batch waits and is retried
 * (never skipped); any other failure is narrowed by applying the records one by one, and a record that fails alone is
 * dead-lettered with the reason the service's mapping gives.
 *
 * <p>{@code apply} blocks (it waits for its R2DBC transaction): deliberately, on the binder's listener thread, because
 * the batch must commit before its offsets do.
 *
 * @param <T> the decoded record
 */
public final class BatchConsumer<T> implements Consumer<Message<List<byte[]>>> {

    /** Turns one record into {@code T}, or throws {@link UnreadableRecordException} with the reason it cannot. */
    @FunctionalInterface
    public interface Decoder<T> {

        T decode(String key, byte[] value, Map<String, Object> headers);
    }

    /** Writes the records in one transaction and returns once it has committed (or throws). */
    @FunctionalInterface
    public interface Transaction<T> {

        void apply(List<T> records);
    }

    /**
     * The failures a retry can cure: the database or the network away, a deadline passed (including Reactor's
     * {@code block(timeout)}, which throws an {@code IllegalStateException} "Timeout on blocking read").
     */
    public static final Predicate<Throwable> TRANSIENT = failure -> {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof R2dbcTransientException || t instanceof R2dbcNonTransientResourceException
                    || t instanceof IOException || t instanceof TimeoutException
                    || t instanceof IllegalStateException && String.valueOf(t.getMessage()).startsWith("Timeout on")) {
                return true;
            }
        }
        return false;
    };

    private static final Logger log = LoggerFactory.getLogger(BatchConsumer.class);

    private record Decoded<T>(T value, byte[] key, byte[] raw, Map<String, Object> headers) {
    }

    private final String topic;
    private final Decoder<T> decoder;
    private final Transaction<T> transaction;
    private final DeadLetterSender deadLetters;
    private final DeadLetterReasons.Total reasons;
    private final Predicate<Throwable> transientFailure;
    private final Duration firstBackoff;
    private final Duration maxBackoff;

    /**
     * @param topic            the binding's topic (its dead-letter topic is derived from it)
     * @param decoder          decodes one record
     * @param transaction      applies the decoded records in one transaction
     * @param deadLetters      where unreadable and failing records go
     * @param reasons          the reason code for a record that fails alone
     * @param transientFailure which failures are retried as a whole batch ({@link #TRANSIENT} unless the service
     *                         knows better)
     * @param firstBackoff     the first wait before a transient retry; it doubles up to {@code maxBackoff}
     */
    public BatchConsumer(Topic<?, ?> topic, Decoder<T> decoder, Transaction<T> transaction,
            DeadLetterSender deadLetters, DeadLetterReasons.Total reasons, Predicate<Throwable> transientFailure,
            Duration firstBackoff, Duration maxBackoff) {
        this.topic = topic.name();
        this.decoder = decoder;
        this.transaction = transaction;
        this.deadLetters = deadLetters;
        this.reasons = reasons;
        this.transientFailure = transientFailure;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public void accept(Message<List<byte[]>> message) {
        List<byte[]> values = message.getPayload();
        List<?> keys = list(message.getHeaders().get(KafkaHeaders.RECEIVED_KEY));
        List<?> headers = list(message.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS));
        List<Decoded<T>> readable = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            byte[] key = i < keys.size() ? bytes(keys.get(i)) : null;
            @SuppressWarnings("unchecked")
            Map<String, Object> h = i < headers.size() && headers.get(i) instanceof Map<?, ?> m
                    ? (Map<String, Object>) m : Map.of();
            byte[] value = values.get(i);
            try {
                T decoded = decoder.decode(key == null ? null : new String(key, StandardCharsets.UTF_8), value, h);
                readable.add(new Decoded<>(decoded, key, value, h));
            } catch (UnreadableRecordException e) {
                log.warn("record {} of the batch on {} dead-lettered: {}", i, topic, e.reason());
                deadLetters.send(topic, key, value, h, e.reason());
            } catch (RuntimeException e) {
                String reason = reasons.reasonOf(e);
                log.warn("record {} of the batch on {} could not be decoded, dead-lettered: {}", i, topic, reason);
                deadLetters.send(topic, key, value, h, reason);
            }
        }
        apply(readable);
    }

    private void apply(List<Decoded<T>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long backoff = firstBackoff.toMillis();
        while (true) {
            try {
                transaction.apply(batch.stream().map(Decoded::value).toList());
                return;
            } catch (RuntimeException ex) {
                if (transientFailure.test(ex)) {
                    log.warn("database unavailable, retrying the batch of {} on {} in {} ms: {}", batch.size(), topic,
                            backoff, ex.toString());
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, maxBackoff.toMillis());
                    continue;
                }
                if (batch.size() == 1) {
                    Decoded<T> d = batch.get(0);
                    String reason = reasons.reasonOf(ex);
                    log.error("a record on {} cannot be processed, dead-lettered as {}", topic, reason, ex);
                    deadLetters.send(topic, d.key(), d.raw(), d.headers(), reason);
                    return;
                }
                log.warn("batch of {} on {} failed ({}), applying its records one by one", batch.size(), topic,
                        ex.toString());
                for (Decoded<T> d : batch) {
                    apply(List.of(d));
                }
                return;
            }
        }
    }

    /** Keys arrive as the binder's native bytes (ByteArrayDeserializer) or already as text. */
    private static byte[] bytes(Object key) {
        return key instanceof byte[] b ? b : key == null ? null : key.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<?> list(Object header) {
        return header instanceof List<?> l ? l : List.of();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
    }
}

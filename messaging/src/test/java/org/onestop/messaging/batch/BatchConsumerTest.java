package org.onestop.messaging.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.onestop.events.Topic;
import org.onestop.messaging.deadletter.DeadLetterReasons;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

class BatchConsumerTest {

    static final Topic<String, String> TOPIC = new Topic<>("test.numbers.v1", String.class, String.class, "test");

    record DeadLetter(String topic, String key, String value, String reason) {
    }

    static final class PoisonException extends RuntimeException {
    }

    final List<DeadLetter> deadLetters = new ArrayList<>();
    final List<List<Integer>> transactions = new ArrayList<>();

    /** Numbers are the records; "x" cannot be read; 13 makes any transaction holding it fail for good. */
    BatchConsumer<Integer> consumer(BatchConsumer.Transaction<Integer> transaction) {
        return new BatchConsumer<>(TOPIC, (key, value, headers) -> {
            String s = new String(value, StandardCharsets.UTF_8);
            if (!s.matches("\\d+")) {
                throw new UnreadableRecordException("value:not-a-number");
            }
            return Integer.valueOf(s);
        }, transaction,
                (topic, key, value, headers, reason) -> deadLetters.add(new DeadLetter(topic,
                        new String(key, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8), reason)),
                DeadLetterReasons.when(PoisonException.class, e -> "value:poison")
                        .otherwise(DeadLetterReasons::unexpected),
                BatchConsumer.TRANSIENT, Duration.ofMillis(1), Duration.ofMillis(4));
    }

    static Message<List<byte[]>> poll(String... values) {
        List<byte[]> payload = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        List<Map<String, Object>> headers = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            payload.add(values[i].getBytes(StandardCharsets.UTF_8));
            keys.add(("k" + i).getBytes(StandardCharsets.UTF_8));
            headers.add(Map.of("ce_id", "id-" + i));
        }
        return MessageBuilder.withPayload(payload).setHeader(KafkaHeaders.RECEIVED_KEY, keys)
                .setHeader(KafkaHeaders.BATCH_CONVERTED_HEADERS, headers).build();
    }

    @Test
    void deadLettersWhatCannotBeReadAndAppliesTheRestInOneTransaction() {
        consumer(transactions::add).accept(poll("1", "x", "2", "3"));

        assertThat(deadLetters).containsExactly(new DeadLetter("test.numbers.v1", "k1", "x", "value:not-a-number"));
        assertThat(transactions).containsExactly(List.of(1, 2, 3));
    }

    @Test
    void narrowsAFailedBatchToTheRecordThatFailsAndDeadLettersOnlyIt() {
        consumer(records -> {
            if (records.contains(13)) {
                throw new PoisonException();
            }
            transactions.add(records);
        }).accept(poll("1", "13", "2"));

        // the batch of three fails; then 1 and 2 commit alone, 13 alone fails and goes with its mapped reason
        assertThat(transactions).containsExactly(List.of(1), List.of(2));
        assertThat(deadLetters).containsExactly(new DeadLetter("test.numbers.v1", "k1", "13", "value:poison"));
    }

    @Test
    void retriesTheWholeBatchWhileTheDatabaseIsAwayAndSkipsNothing() {
        int[] failuresLeft = {3};
        consumer(records -> {
            if (failuresLeft[0]-- > 0) {
                throw new DataAccessResourceFailureException("connection refused");
            }
            transactions.add(records);
        }).accept(poll("1", "2"));

        assertThat(transactions).containsExactly(List.of(1, 2));
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void retriesABatchWhoseBlockingWaitTimedOut() {
        int[] failuresLeft = {1};
        consumer(records -> {
            if (failuresLeft[0]-- > 0) {
                // what Mono.block(Duration) throws when the transaction outlives its deadline
                throw new IllegalStateException("Timeout on blocking read for 120000000000 NANOSECONDS");
            }
            transactions.add(records);
        }).accept(poll("5"));

        assertThat(transactions).containsExactly(List.of(5));
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void callsNoTransactionWhenNothingInThePollCanBeRead() {
        consumer(transactions::add).accept(poll("x", "y"));

        assertThat(transactions).isEmpty();
        assertThat(deadLetters).extracting(DeadLetter::reason).containsExactly("value:not-a-number",
                "value:not-a-number");
    }
}

package org.onestop.messaging.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.Topics;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;

/**
 * The one error-handler configuration for record-mode bindings: retries and dead letters in the listener container
 * rather than the binder, so each dead letter goes to {@code <topic>.<group>.dlq} with {@code x-dlq-reason} from the
 * service's {@link DeadLetterReasons} beside the original key, value and headers; exception messages and stack traces
 * are not copied (they may quote the record) and stay in the service's log. Failures of a not-retryable type go at
 * once; anything else is retried on {@code backOff} first.
 *
 * <p>A service declares the customizer as a bean: {@code return DeadLetterErrorHandling.customizer(deadLetters,
 * template, new FixedBackOff(1000, 3), List.of(InvalidRequestException.class));}
 */
public final class DeadLetterErrorHandling {

    private DeadLetterErrorHandling() {
    }

    /**
     * @param deadLetters  the service's sender (its group, reason mapping and dead-letter hook are used)
     * @param template     a template with byte-array serializers, for the container's recoverer
     * @param backOff      retries before a retryable failure is dead-lettered
     * @param notRetryable failures that can never succeed on a retry (invalid records)
     */
    public static ListenerContainerWithDlqAndRetryCustomizer customizer(DeadLetters deadLetters,
            KafkaTemplate<byte[], byte[]> template, BackOff backOff,
            List<Class<? extends Exception>> notRetryable) {
        return new ListenerContainerWithDlqAndRetryCustomizer() {
            @Override
            public void configure(AbstractMessageListenerContainer<?, ?> container, String destinationName,
                    String group, BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver,
                    BackOff ignored) {
                container.setCommonErrorHandler(errorHandler(deadLetters, template, backOff, notRetryable));
            }

            @Override
            public boolean retryAndDlqInBinding(String destinationName, String group) {
                return false;
            }
        };
    }

    /** The container error handler itself, for a listener container not made by the binder. */
    public static DefaultErrorHandler errorHandler(DeadLetters deadLetters, KafkaTemplate<byte[], byte[]> template,
            BackOff backOff, List<Class<? extends Exception>> notRetryable) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, ex) -> new TopicPartition(Topics.deadLetter(record.topic(), deadLetters.group()), -1));
        recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_MSG,
                DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        recoverer.setHeadersFunction((record, ex) -> {
            String reason = deadLetters.reasons().reasonOf(ex);
            deadLetters.noted(record.topic(), reason);
            return new RecordHeaders(new RecordHeader[] {
                    new RecordHeader(CloudEventHeaders.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8))});
        });
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        notRetryable.forEach(handler::addNotRetryableExceptions);
        return handler;
    }
}

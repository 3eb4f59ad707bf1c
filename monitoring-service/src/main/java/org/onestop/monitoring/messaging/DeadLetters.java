package org.onestop.monitoring.messaging;

import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.Topics;
import org.onestop.monitoring.MonitoringProperties;
import org.onestop.monitoring.warning.WarningMetrics;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Retries and dead letters in the listener container rather than the binder, so each dead letter carries
 * {@code x-dlq-reason} (a code, never personal data) beside the original key, value and headers. Unprocessable
 * records go at once; anything else (the database away) is retried with backoff for about a minute first, then
 * dead-lettered as {@code PROCESSING_FAILED} — to be replayed from the DLQ by an operator (see docs/runbook.md).
 */
@Configuration(proxyBeanMethods = false)
class DeadLetters {

    @Bean
    ListenerContainerWithDlqAndRetryCustomizer deadLetterCustomizer(KafkaTemplate<byte[], byte[]> kafka,
                                                                    MonitoringProperties properties, WarningMetrics metrics) {
        return new ListenerContainerWithDlqAndRetryCustomizer() {
            @Override
            public void configure(AbstractMessageListenerContainer<?, ?> container, String destinationName, String group,
                                  BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver,
                                  BackOff backOff) {
                DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafka,
                        (record, ex) -> {
                            metrics.deadLetter(record.topic(), reason(ex));
                            return new TopicPartition(Topics.deadLetter(record.topic(), properties.group()), -1);
                        });
                recoverer.setHeadersFunction((record, ex) -> new RecordHeaders(new RecordHeader[] {
                        new RecordHeader(CloudEventHeaders.DLQ_REASON, reason(ex).getBytes(StandardCharsets.UTF_8))}));
                ExponentialBackOff retry = new ExponentialBackOff(200, 2.0);
                retry.setMaxInterval(10_000);
                retry.setMaxElapsedTime(60_000);
                DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, retry);
                handler.addNotRetryableExceptions(UnprocessableEventException.class);
                container.setCommonErrorHandler(handler);
            }

            @Override
            public boolean retryAndDlqInBinding(String destinationName, String group) {
                return false;
            }
        };
    }

    static String reason(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof UnprocessableEventException u) {
                return u.reason();
            }
        }
        return "PROCESSING_FAILED";
    }
}

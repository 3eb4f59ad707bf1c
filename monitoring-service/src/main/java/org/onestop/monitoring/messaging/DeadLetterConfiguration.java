package org.onestop.monitoring.messaging;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.onestop.messaging.batch.UnreadableRecordException;
import org.onestop.messaging.deadletter.DeadLetterErrorHandling;
import org.onestop.messaging.deadletter.DeadLetterReasons;
import org.onestop.messaging.deadletter.DeadLetters;
import org.onestop.monitoring.MonitoringProperties;
import org.onestop.monitoring.warning.WarningMetrics;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The platform dead-letter sender for this service's group: an unreadable event goes with the reason its decoder named
 * ({@code MALFORMED_JSON}, {@code INVALID_EVENT}, {@code KEY_MISMATCH}); one that fails alone in its transaction goes as
 * {@code PROCESSING_FAILED} (the codes docs/events.md and the runbook name).
 *
 * <p>The platform error handler is the container's last resort: {@link org.onestop.messaging.batch.BatchConsumer}
 * retries a poll while the database is away and dead-letters record by record itself, so a poll reaches the container
 * failing only when a dead letter could not be stored; it is then retried for about a minute and dead-lettered whole
 * as {@code PROCESSING_FAILED} instead of being skipped.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    @Bean
    DeadLetters deadLetters(KafkaProperties kafka, MonitoringProperties properties, WarningMetrics metrics) {
        KafkaTemplate<byte[], byte[]> template = byteTemplate(kafka);
        DeadLetterReasons.Total reasons = DeadLetterReasons
                .when(UnreadableRecordException.class, UnreadableRecordException::reason)
                .otherwise(failure -> "PROCESSING_FAILED");
        return new DeadLetters(template, properties.group(), reasons, metrics::deadLetter);
    }

    @Bean
    ListenerContainerWithDlqAndRetryCustomizer deadLetterCustomizer(DeadLetters deadLetters, KafkaProperties kafka) {
        ExponentialBackOff retry = new ExponentialBackOff(200, 2.0);
        retry.setMaxInterval(10_000);
        retry.setMaxElapsedTime(60_000);
        return DeadLetterErrorHandling.customizer(deadLetters, byteTemplate(kafka), retry,
                List.of(UnreadableRecordException.class));
    }

    /** Dead letters go exactly as they came: byte-array key and value. */
    private static KafkaTemplate<byte[], byte[]> byteTemplate(KafkaProperties kafka) {
        Map<String, Object> props = kafka.buildProducerProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(props));
    }
}

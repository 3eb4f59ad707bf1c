package org.onestop.settlement.kafka;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.onestop.messaging.batch.UnreadableRecordException;
import org.onestop.messaging.deadletter.DeadLetterErrorHandling;
import org.onestop.messaging.deadletter.DeadLetterReasons;
import org.onestop.messaging.deadletter.DeadLetters;
import org.onestop.policy.InvalidDischargeException;
import org.onestop.policy.PolicyNotInForceException;
import org.onestop.settlement.SettlementProperties;
import org.onestop.settlement.settle.InvalidRequestException;
import org.onestop.settlement.settle.SettlementConflictException;
import org.onestop.settlement.settle.SettlementMetrics;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The platform dead letters (onestop-messaging) for this service's group: a record goes to
 * {@code <topic>.settlement-service.dlq} with {@code x-dlq-reason} naming the field and the rule
 * ({@code <field>:<code>}, {@code <field>:inconsistent-discharge}, {@code dischargeDate:policy-not-in-force},
 * {@code <field>:settlement-conflict}, the decoder's reason for an unreadable record), else
 * {@code unexpected:<exception class>}.
 *
 * <p>Both bindings are batch consumers ({@code BatchConsumer}) that dead-letter single records themselves; the container
 * error handler only sees a poll the consumer could not finish at all (e.g. the dead-letter topic unreachable): it
 * retries that poll, without end, because every record of it may be settled already and none may be skipped.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    /** The reason codes of this service; never personal data, never an exception message. */
    static final DeadLetterReasons.Total REASONS = DeadLetterReasons
            .when(UnreadableRecordException.class, UnreadableRecordException::reason)
            .or(DeadLetterReasons.when(InvalidRequestException.class, e -> e.field() + ":" + e.code()))
            .or(DeadLetterReasons.when(InvalidDischargeException.class, e -> e.field() + ":inconsistent-discharge"))
            .or(DeadLetterReasons.when(PolicyNotInForceException.class, e -> "dischargeDate:policy-not-in-force"))
            .or(DeadLetterReasons.when(SettlementConflictException.class, e -> e.field() + ":settlement-conflict"))
            .otherwise(DeadLetterReasons::unexpected);

    @Bean
    DeadLetters deadLetters(KafkaProperties kafka, SettlementProperties properties, SettlementMetrics metrics) {
        return new DeadLetters(template(kafka), properties.group(), REASONS, (topic, reason) ->
                metrics.deadLetter(topic, reason.contains(":") ? reason.substring(reason.indexOf(':') + 1) : reason));
    }

    @Bean
    ListenerContainerWithDlqAndRetryCustomizer deadLetterCustomizer(DeadLetters deadLetters, KafkaProperties kafka) {
        return DeadLetterErrorHandling.customizer(deadLetters, template(kafka),
                new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS), List.of());
    }

    /** Byte-array templates made here, not beans: a KafkaTemplate bean would displace Boot's (the relay's). */
    private static KafkaTemplate<byte[], byte[]> template(KafkaProperties kafka) {
        Map<String, Object> props = kafka.buildProducerProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(props));
    }
}

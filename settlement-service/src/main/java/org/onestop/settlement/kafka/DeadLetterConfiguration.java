package org.onestop.settlement.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.Topics;
import org.onestop.policy.InvalidDischargeException;
import org.onestop.policy.PolicyNotInForceException;
import org.onestop.settlement.settle.InvalidRequestException;
import org.onestop.settlement.settle.SettlementConflictException;
import org.onestop.settlement.settle.SettlementMetrics;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Retries and dead letters in the listener container rather than the binding, so the dead letter carries
 * {@code x-dlq-reason} (a reason code naming the field, never personal data) and goes to {@code <topic>.<group>.dlq}.
 * A record that cannot be settled as given is not retried; anything else (database down) is retried three times
 * with a second between, then dead-lettered as {@code unexpected:<exception class>}.
 */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

    @Bean
    ListenerContainerWithDlqAndRetryCustomizer deadLetterCustomizer(KafkaProperties kafka, SettlementMetrics metrics) {
        Map<String, Object> props = kafka.buildProducerProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaTemplate<byte[], byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(props));
        return new ListenerContainerWithDlqAndRetryCustomizer() {
            @Override
            public void configure(AbstractMessageListenerContainer<?, ?> container, String destinationName, String group,
                                  java.util.function.BiFunction<org.apache.kafka.clients.consumer.ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver,
                                  BackOff backOff) {
                String dlq = Topics.deadLetter(destinationName, group);
                DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template, (record, ex) -> new TopicPartition(dlq, -1));
                // the reason code is what a reader needs; exception texts and stack traces stay in the service's log
                recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_MSG,
                        DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
                recoverer.setHeadersFunction((record, ex) -> {
                    String reason = reason(ex);
                    metrics.deadLetter(destinationName, reason.contains(":") ? reason.substring(reason.indexOf(':') + 1) : reason);
                    return new RecordHeaders(new RecordHeader[] {
                            new RecordHeader(CloudEventHeaders.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8))});
                });
                DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, new FixedBackOff(1000, 3));
                handler.addNotRetryableExceptions(InvalidRequestException.class, InvalidDischargeException.class,
                        PolicyNotInForceException.class, SettlementConflictException.class);
                container.setCommonErrorHandler(handler);
            }

            @Override
            public boolean retryAndDlqInBinding(String destinationName, String group) {
                return false;
            }
        };
    }

    /** {@code <field>:<code>} for records that cannot be settled, {@code unexpected:<class>} otherwise. */
    public static String reason(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof InvalidRequestException e) {
                return e.field() + ":" + e.code();
            }
            if (t instanceof InvalidDischargeException e) {
                return e.field() + ":inconsistent-discharge";
            }
            if (t instanceof PolicyNotInForceException) {
                return "dischargeDate:policy-not-in-force";
            }
            if (t instanceof SettlementConflictException e) {
                return e.field() + ":settlement-conflict";
            }
            if (t.getCause() == null) {
                return "unexpected:" + t.getClass().getSimpleName();
            }
        }
        return "unexpected";
    }
}

package org.onestop.enrollment.subsidy.messaging;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.onestop.enrollment.EnrollmentProperties;
import org.onestop.enrollment.subsidy.SubsidyMetrics;
import org.onestop.messaging.batch.UnreadableRecordException;
import org.onestop.messaging.deadletter.DeadLetterReasons;
import org.onestop.messaging.deadletter.DeadLetters;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The platform dead-letter sender for this service's group: an unreadable identity event goes with the reason its
 * decoder named ({@code malformed-event}, {@code invalid-event}, {@code no-policy-for-region}, {@code key-not-person});
 * one that fails alone in its transaction goes as {@code processing-failed}.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    @Bean
    DeadLetters deadLetters(KafkaProperties kafka, EnrollmentProperties properties, SubsidyMetrics metrics) {
        Map<String, Object> props = kafka.buildProducerProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaTemplate<byte[], byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(props));
        DeadLetterReasons.Total reasons = DeadLetterReasons
                .when(UnreadableRecordException.class, UnreadableRecordException::reason)
                .otherwise(failure -> "processing-failed");
        return new DeadLetters(template, properties.group(), reasons, (topic, reason) -> metrics.deadLetter(reason));
    }
}

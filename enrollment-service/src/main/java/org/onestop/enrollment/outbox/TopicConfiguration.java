package org.onestop.enrollment.outbox;

import org.apache.kafka.clients.admin.NewTopic;
import org.onestop.enrollment.EnrollmentProperties;
import org.onestop.events.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Declares the topic this service writes (one writer per topic) and its own dead-letter topic; partitioned by person. */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    @Bean
    NewTopic enrollmentSubsidyTopic(EnrollmentProperties properties) {
        return TopicBuilder.name(Topics.ENROLLMENT_SUBSIDY.name()).partitions(properties.outbox().partitions()).build();
    }

    @Bean
    NewTopic identityChangedDeadLetterTopic(EnrollmentProperties properties) {
        return TopicBuilder.name(Topics.deadLetter(Topics.IDENTITY_CHANGED, properties.group()))
                .partitions(properties.outbox().partitions()).build();
    }
}

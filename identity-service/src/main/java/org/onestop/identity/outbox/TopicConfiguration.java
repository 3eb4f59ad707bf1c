package org.onestop.identity.outbox;

import org.apache.kafka.clients.admin.NewTopic;
import org.onestop.events.Topics;
import org.onestop.identity.IdentityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Declares the topic this service writes (one writer per topic); partitions by person reference. */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    @Bean
    NewTopic identityChangedTopic(IdentityProperties properties) {
        return TopicBuilder.name(Topics.IDENTITY_CHANGED.name()).partitions(properties.outbox().partitions()).build();
    }
}

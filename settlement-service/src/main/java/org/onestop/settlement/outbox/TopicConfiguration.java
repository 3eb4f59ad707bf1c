package org.onestop.settlement.outbox;

import org.apache.kafka.clients.admin.NewTopic;
import org.onestop.events.Topics;
import org.onestop.settlement.SettlementProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Declares the topic this service writes (one writer per topic) and its dead-letter topics; partitions by person reference. */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    @Bean
    NewTopic settlementCompletedTopic(SettlementProperties properties) {
        return TopicBuilder.name(Topics.SETTLEMENT_COMPLETED.name()).partitions(properties.outbox().partitions()).build();
    }

    @Bean
    NewTopic dischargeDeadLetters(SettlementProperties properties) {
        return TopicBuilder.name(Topics.deadLetter(Topics.DISCHARGE_SUBMITTED, properties.group())).partitions(properties.outbox().partitions()).build();
    }

    @Bean
    NewTopic identityDeadLetters(SettlementProperties properties) {
        return TopicBuilder.name(Topics.deadLetter(Topics.IDENTITY_CHANGED, properties.group())).partitions(properties.outbox().partitions()).build();
    }
}

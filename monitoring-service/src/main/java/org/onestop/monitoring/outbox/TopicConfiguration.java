package org.onestop.monitoring.outbox;

import org.apache.kafka.clients.admin.NewTopic;
import org.onestop.events.Topics;
import org.onestop.monitoring.MonitoringProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Declares the topic this service writes (one writer per topic); partitions by person reference. */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    @Bean
    NewTopic monitoringAlertTopic(MonitoringProperties properties) {
        return TopicBuilder.name(Topics.MONITORING_ALERT.name()).partitions(properties.outbox().partitions()).build();
    }
}

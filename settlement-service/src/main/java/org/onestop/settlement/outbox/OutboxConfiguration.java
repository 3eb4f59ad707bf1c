package org.onestop.settlement.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import org.onestop.events.SettlementCompleted;
import org.onestop.messaging.outbox.Outbox;
import org.onestop.messaging.outbox.OutboxRelay;
import org.onestop.messaging.outbox.OutboxRelaySettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The platform outbox (onestop-messaging), wired here and nowhere else: events are appended in the settlement's
 * transaction as {@code /onestop/settlement-service} and relayed by a relay that shares the outbox with this service's
 * other replicas ({@code onestop.messaging.outbox.*}; its table comes from {@code classpath:db/messaging}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboxRelaySettings.class)
class OutboxConfiguration {

    @Bean
    Outbox outbox(DatabaseClient db) {
        return new Outbox(db, SettlementCompleted.CE_SOURCE);
    }

    @Bean
    OutboxRelay outboxRelay(DatabaseClient db, KafkaTemplate<String, byte[]> kafka, OutboxRelaySettings settings,
            MeterRegistry registry) {
        return new OutboxRelay(db, kafka, settings, registry);
    }
}

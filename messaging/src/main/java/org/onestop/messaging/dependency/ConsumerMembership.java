package org.onestop.messaging.dependency;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * For a service that consumes bindings: every binding's consumers with a short session and, when
 * {@code ONESTOP_INSTANCE_ID} ({@code onestop.messaging.instance-id}) is set, static group membership, so a killed
 * replica's partitions move in seconds and a restarted one takes its own back without a rebalance.
 */
@Configuration(proxyBeanMethods = false)
public class ConsumerMembership {

    @Bean
    StaticMembership staticMembership(DependencyDeadlines deadlines,
            @Value("${onestop.messaging.instance-id:}") String instanceId) {
        return new StaticMembership(deadlines, instanceId);
    }
}

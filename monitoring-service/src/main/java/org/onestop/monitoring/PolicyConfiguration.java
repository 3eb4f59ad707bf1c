package org.onestop.monitoring;

import org.onestop.policy.PolicyCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The five regional policies, loaded and validated once; warning lines come from their {@code warnings:} sections. */
@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

    @Bean
    PolicyCatalog policyCatalog(MonitoringProperties properties) {
        return PolicyCatalog.loadDefault(properties.policy());
    }
}

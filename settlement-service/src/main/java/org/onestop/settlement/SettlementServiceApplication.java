package org.onestop.settlement;

import java.time.Clock;
import org.onestop.messaging.personref.PersonRefProperties;
import org.onestop.policy.PolicyCatalog;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableConfigurationProperties(PersonRefProperties.class)
public class SettlementServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SettlementServiceApplication.class, args);
    }

    /** The five regional policies, with the assumed figures a deployment overrides under {@code onestop.settlement.policy-overrides}. */
    @Bean
    PolicyCatalog policyCatalog(SettlementProperties properties) {
        return PolicyCatalog.loadDefault(properties.policyOverrides());
    }

    /** "Today" for the future-date checks: the calendar of the insurance regions (China Standard Time). */
    @Bean
    Clock clock(SettlementProperties properties) {
        return Clock.system(properties.zone());
    }
}

package org.onestop.enrollment.subsidy;

import org.onestop.enrollment.EnrollmentProperties;
import org.onestop.policy.PolicyCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The policy files (with configured overrides of assumed values) and the decider over them. */
@Configuration(proxyBeanMethods = false)
class SubsidyConfiguration {

    @Bean
    PolicyCatalog policyCatalog(EnrollmentProperties properties) {
        return PolicyCatalog.loadDefault(properties.policyOverrides());
    }

    @Bean
    SubsidyDecider subsidyDecider(PolicyCatalog catalog) {
        return new SubsidyDecider(catalog);
    }
}

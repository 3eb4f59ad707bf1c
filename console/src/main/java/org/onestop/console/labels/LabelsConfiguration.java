package org.onestop.console.labels;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@link Labels} as a bean, for controllers that name a code outside a template (a CSV header, a message). */
@Configuration(proxyBeanMethods = false)
class LabelsConfiguration {

    @Bean
    Labels labels() {
        return Labels.standard();
    }
}

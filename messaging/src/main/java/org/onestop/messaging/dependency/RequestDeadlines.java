package org.onestop.messaging.dependency;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * For a service (not the gateway, whose routed calls keep their own 504): every request answered within
 * {@code onestop.messaging.deadlines.request} or with the 503 {@code dependency-unavailable} problem and
 * {@code Retry-After}, and a dependency's time-out mapped to the same problem by {@link ServiceUnavailableAdvice}.
 * Imported together with {@link DependencyChecks}, which binds the deadlines.
 */
@Configuration(proxyBeanMethods = false)
@Import(ServiceUnavailableAdvice.class)
public class RequestDeadlines {

    @Bean
    RequestDeadlineFilter requestDeadlineFilter(DependencyDeadlines deadlines) {
        return new RequestDeadlineFilter(deadlines);
    }
}

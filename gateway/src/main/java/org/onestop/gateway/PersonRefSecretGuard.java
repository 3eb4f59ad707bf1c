package org.onestop.gateway;

import org.onestop.events.PersonRefSecret;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The gateway turns ID numbers into person references with {@code onestop.person-ref.secret}: it refuses to start
 * without it, or with a published demo secret outside demo mode ({@code onestop.demo-mode}), saying why
 * ({@link PersonRefSecret}, the same rule as every service's).
 */
@Component
class PersonRefSecretGuard {

    PersonRefSecretGuard(@Value("${onestop.person-ref.secret:}") String secret,
            @Value("${onestop.demo-mode:false}") boolean demoMode) {
        PersonRefSecret.require(secret, demoMode);
    }
}

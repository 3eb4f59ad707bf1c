package org.onestop.enrollment.subsidy.web;

import org.onestop.events.InternalToken;
import org.onestop.trust.InternalTokenSecurity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/** Only calls carrying a valid internal token for this service reach it ({@link InternalTokenSecurity}). */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String ENROLLMENT_SERVICEIENCE = InternalToken.ENROLLMENT_SERVICE;

    @Bean
    ReactiveJwtDecoder internalTokenDecoder(@Value("${onestop.security.internal-jwks-uri}") String jwks) {
        return InternalTokenSecurity.decoder(jwks, ENROLLMENT_SERVICEIENCE);
    }

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http, ReactiveJwtDecoder internalTokenDecoder) {
        return InternalTokenSecurity.filterChain(http, internalTokenDecoder);
    }
}

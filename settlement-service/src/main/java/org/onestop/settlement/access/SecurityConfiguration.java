package org.onestop.settlement.access;

import org.onestop.events.InternalToken;
import org.onestop.trust.InternalTokenSecurity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;

/**
 * Only calls carrying a valid internal token for this service reach it ({@link InternalTokenSecurity}), with one
 * deliberate exception: GET {@code /print/statements/**}, the signed printing links, whose credential is the link's own
 * HMAC signature, verified by the statement controller (PrintLinks; docs/security.md "Printing links").
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String SETTLEMENT_SERVICEIENCE = InternalToken.SETTLEMENT_SERVICE;

    @Bean
    ReactiveJwtDecoder internalTokenDecoder(@Value("${onestop.security.internal-jwks-uri}") String jwks) {
        return InternalTokenSecurity.decoder(jwks, SETTLEMENT_SERVICEIENCE);
    }

    /** Ahead of the token chain: the printing links, GET only; anything else under /print is refused. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain printLinkSecurity(ServerHttpSecurity http) {
        return http
                .securityMatcher(new PathPatternParserServerWebExchangeMatcher("/print/**"))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(a -> a.pathMatchers(HttpMethod.GET, "/print/statements/*", "/print/statements/*/pdf").permitAll()
                        .anyExchange().denyAll())
                .build();
    }

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http, ReactiveJwtDecoder internalTokenDecoder) {
        return InternalTokenSecurity.filterChain(http, internalTokenDecoder);
    }
}

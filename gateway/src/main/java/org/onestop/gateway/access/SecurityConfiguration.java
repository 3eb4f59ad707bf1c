package org.onestop.gateway.access;

import java.time.Duration;
import java.util.List;
import org.onestop.gateway.GatewayProperties;
import org.onestop.gateway.problem.Problem;
import org.onestop.gateway.problem.ProblemWriter;
import org.onestop.gateway.token.KeyRing;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import reactor.core.publisher.Flux;

/**
 * Resource-server setup: every {@code /api/**} call needs a bearer JWT, RS256 only, signed by a key of the key ring
 * (chosen by {@code kid}), from our issuer, for our audience, not expired (no clock skew). What the partner may then do
 * is decided by {@link PartnerFilter}. Open: the token endpoint, the two JWK sets (partner and internal tokens), the
 * OpenAPI description, health, and GET of a statement's signed printing link ({@code /print/statements/{token}}, its
 * PDF {@code …/pdf}): the link's HMAC signature is its credential, verified by settlement-service (docs/security.md).
 */
@Configuration
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(10);
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(KeyRing keys, GatewayProperties properties) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
                .withJwkSource(jwt -> Flux.fromIterable(keys.verificationKey(jwt.getHeader().getKeyID())))
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>("aud",
                aud -> aud != null && aud.contains(properties.tokens().audience()));
        OAuth2TokenValidator<Jwt> partnerType = new JwtClaimValidator<String>("partner_type", t -> t != null);
        // no clock skew: a token is refused from its exp on, as docs/security.md says (the default allowed 60 s more)
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(Duration.ZERO),
                new JwtIssuerValidator(properties.tokens().issuer()), audience, partnerType));
        return new VerifiedTokenCache(decoder, keys::generation, java.time.Instant::now, 10_000);
    }

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http, ProblemWriter problems) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable) // no cookies, no browser sessions: bearer tokens only
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(org.springframework.security.web.server.context.NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(a -> a
                        .pathMatchers(HttpMethod.POST, "/oauth2/token").permitAll()
                        .pathMatchers(HttpMethod.GET, "/.well-known/jwks.json", "/.well-known/internal-jwks.json", "/api/v1/openapi.yaml", "/api/v1/openapi.json",
                                "/actuator/health", "/actuator/health/**").permitAll()
                        // Swagger UI: documentation only, like the description it shows (docs/security.md)
                        .pathMatchers(HttpMethod.GET, "/docs", "/docs/**").permitAll()
                        .pathMatchers(HttpMethod.GET, "/print/statements/*", "/print/statements/*/pdf").permitAll()
                        .pathMatchers("/api/**").authenticated()
                        // the partners' console signs its users in itself (the token endpoint, a session of its own,
                        // CSRF on its forms: docs/console.md) and calls /api/** with the partner's token like any client
                        // …except the console replicas' own sign-out broadcast (console's Revocations): peers only
                        .pathMatchers("/console/internal/**").denyAll()
                        .pathMatchers("/console", "/console/**").permitAll()
                        // Prometheus scrapes from the same host or pod network; the public never reads metrics
                        .pathMatchers(HttpMethod.GET, "/actuator/prometheus").access((auth, ctx) -> reactor.core.publisher.Mono.just(
                                new org.springframework.security.authorization.AuthorizationDecision(fromLoopback(ctx.getExchange()))))
                        // metrics and everything else of the actuator: not through the public door
                        .anyExchange().denyAll())
                .oauth2ResourceServer(o -> o
                        .jwt(j -> { })
                        .authenticationEntryPoint((exchange, ex) -> problems.write(exchange,
                                Problem.of(HttpStatus.UNAUTHORIZED, "unauthenticated",
                                        "需要有效的访问令牌 (a valid bearer token is required: POST /oauth2/token)")
                                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"onestop\", error=\"invalid_token\"")))
                        .accessDeniedHandler((exchange, ex) -> problems.write(exchange,
                                Problem.of(HttpStatus.FORBIDDEN, "forbidden", "无权访问 (not allowed)"))))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((exchange, ex) -> problems.write(exchange,
                                Problem.of(HttpStatus.UNAUTHORIZED, "unauthenticated",
                                        "需要有效的访问令牌 (a valid bearer token is required: POST /oauth2/token)")
                                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"onestop\"")))
                        .accessDeniedHandler((exchange, ex) -> problems.write(exchange,
                                Problem.of(HttpStatus.NOT_FOUND, "not-found", "没有这个资源 (no such resource)"))))
                .build();
    }

    private static boolean fromLoopback(org.springframework.web.server.ServerWebExchange exchange) {
        java.net.InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote != null && remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
    }
}

package org.onestop.trust;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.onestop.events.Caller;
import org.onestop.events.InternalToken;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Only calls carrying a valid internal token reach a service (docs/security.md, "Internal token"): RS256, signed by a
 * key of the gateway's internal JWK set ({@code onestop.security.internal-jwks-uri}), issuer {@code onestop-gateway},
 * audience exactly that service, at most 60 s of lifetime and 5 s of clock skew, claims that describe a partner.
 * Anonymous: GET of health and prometheus only. Anything else without such a token is a 401 problem. The operator
 * status of each service ({@value #OPERATIONS}) is for operators only: another partner type gets a 403 problem
 * {@code not-allowed-for-partner-type} (the gateway's {@code ops:read} scope is the first check, this the second).
 *
 * <p>Each service wires it explicitly in its own {@code SecurityConfiguration}: one decoder for its audience, one
 * filter chain.
 */
public final class InternalTokenSecurity {

    /** Every service's operator status, {@code /api/v1/<service>/operations/status} (messaging's operations package). */
    public static final String OPERATIONS = "/api/v1/*/operations/**";

    private static final PathPattern OPERATIONS_PATTERN = PathPatternParser.defaultInstance.parse(OPERATIONS);

    private InternalTokenSecurity() {
    }

    /**
     * The decoder of internal tokens for {@code audience} (one of {@link InternalToken}'s service names), whose keys
     * come from the gateway's internal JWK set at {@code jwksUri}.
     */
    public static ReactiveJwtDecoder decoder(String jwksUri, String audience) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwksUri)
                .jwsAlgorithm(SignatureAlgorithm.RS256).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTimestampValidator(InternalToken.CLOCK_SKEW),
                new JwtIssuerValidator(InternalToken.ISSUER),
                new JwtClaimValidator<List<String>>("aud", aud -> List.of(audience).equals(aud)),
                InternalTokenSecurity::shortLived,
                InternalTokenSecurity::describesAPartner)));
        return decoder;
    }

    /**
     * The service's filter chain: GET of health and prometheus anonymous, everything else only with a token
     * {@code internalTokenDecoder} accepts; 401 and 403 as problem details.
     */
    public static SecurityWebFilterChain filterChain(ServerHttpSecurity http, ReactiveJwtDecoder internalTokenDecoder) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable) // bearer tokens only: no cookie, no session
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(a -> a
                        .pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
                        .pathMatchers(OPERATIONS).access(InternalTokenSecurity::operatorsOnly)
                        .anyExchange().authenticated())
                .oauth2ResourceServer(o -> o
                        .jwt(j -> j.jwtDecoder(internalTokenDecoder))
                        .authenticationEntryPoint((exchange, e) -> problem(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated",
                                "需要网关签发的内部令牌 (a valid internal token from the gateway is required)"))
                        .accessDeniedHandler(InternalTokenSecurity::denied))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((exchange, ex) -> problem(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated",
                                "需要网关签发的内部令牌 (a valid internal token from the gateway is required)"))
                        .accessDeniedHandler(InternalTokenSecurity::denied))
                .build();
    }

    /** An operator's token (partner type {@code operator}), verified as every token is; nobody else. */
    private static Mono<AuthorizationResult> operatorsOnly(Mono<Authentication> authentication,
            AuthorizationContext context) {
        return authentication
                .map(a -> a instanceof JwtAuthenticationToken jwt && a.isAuthenticated()
                        && Caller.fromClaims(jwt.getToken().getClaims()::get).is(Caller.Type.OPERATOR))
                .defaultIfEmpty(false)
                .map(AuthorizationDecision::new);
    }

    private static Mono<Void> denied(ServerWebExchange exchange, AccessDeniedException e) {
        if (OPERATIONS_PATTERN.matches(exchange.getRequest().getPath().pathWithinApplication())) {
            return problem(exchange, HttpStatus.FORBIDDEN, "not-allowed-for-partner-type",
                    "仅运维人员可查看 (only an operator may read a service's status)");
        }
        return problem(exchange, HttpStatus.FORBIDDEN, "forbidden", "无权访问 (not allowed)");
    }

    /** A token living longer than the contract's 60 s (or without iat/exp) is not one the gateway mints. */
    private static OAuth2TokenValidatorResult shortLived(Jwt jwt) {
        Instant iat = jwt.getIssuedAt();
        Instant exp = jwt.getExpiresAt();
        if (iat == null || exp == null || Duration.between(iat, exp).compareTo(InternalToken.MAX_LIFETIME) > 0) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "lifetime over 60 s", null));
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult describesAPartner(Jwt jwt) {
        try {
            Caller.fromClaims(jwt.getClaims()::get);
            return OAuth2TokenValidatorResult.success();
        } catch (Caller.InvalidCallerException e) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", e.getMessage(), null));
        }
    }

    /** The services' problem shape (type, title, status, detail, code), written here: the call never reaches a controller. */
    private static Mono<Void> problem(ServerWebExchange exchange, HttpStatus status, String code, String detail) {
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        }
        String body = "{\"type\":\"/problems/" + code + "\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
                + status.value() + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}

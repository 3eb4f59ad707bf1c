package org.onestop.console.session;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.csrf.XorServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;

/**
 * Spring Security guards the forms (the CSRF token sealed in the session cookie, checked on every POST, multipart uploads
 * included) and sets the security headers; who is signed in is the console's own session ({@link SessionFilter}),
 * because signing in is the gateway's token endpoint, not a user store of ours.
 */
@Configuration
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http, SessionCookies cookies, Revocations revocations) {
        XorServerCsrfTokenRequestAttributeHandler csrf = new XorServerCsrfTokenRequestAttributeHandler();
        // the upload form is multipart: its CSRF field is read from the multipart body as well
        csrf.setTokenFromMultipartDataEnabled(true);
        return http
                .csrf(c -> c.csrfTokenRequestHandler(csrf)
                        // in the sealed session cookie: a form rendered by one replica posts to another
                        .csrfTokenRepository(new SessionCsrfTokenRepository(cookies, revocations))
                        // replica to replica, sealed under the session key, no cookie involved (RevocationController)
                        .requireCsrfProtectionMatcher(new AndServerWebExchangeMatcher(CsrfWebFilter.DEFAULT_CSRF_MATCHER,
                                new NegatedServerWebExchangeMatcher(
                                        new PathPatternParserServerWebExchangeMatcher(Revocations.PATH)))))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                // nothing is kept in Spring's WebSession: the sign-in is the sealed cookie, every page reads the API
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .headers(h -> h.contentSecurityPolicy(p -> p.policyDirectives(
                        // everything is ours: no CDN, no inline script; the printable notices carry inline styles
                        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'")))
                .authorizeExchange(a -> a.anyExchange().permitAll())
                .build();
    }
}

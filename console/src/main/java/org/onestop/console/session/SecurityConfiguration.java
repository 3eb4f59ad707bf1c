package org.onestop.console.session;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.csrf.XorServerCsrfTokenRequestAttributeHandler;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.WebSessionIdResolver;

/**
 * Spring Security guards the forms (CSRF token in the session, checked on every POST, multipart uploads included) and
 * sets the security headers; who is signed in is the console's own session ({@link SessionFilter}), because signing in
 * is the gateway's token endpoint, not a user store of ours.
 */
@Configuration
class SecurityConfiguration {

    /** The session cookie's name; path {@code /console}, so it never reaches the gateway's API paths. */
    static final String COOKIE = "ONESTOP_CONSOLE";

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http) {
        XorServerCsrfTokenRequestAttributeHandler csrf = new XorServerCsrfTokenRequestAttributeHandler();
        // the upload form is multipart: its CSRF field is read from the multipart body as well
        csrf.setTokenFromMultipartDataEnabled(true);
        return http
                .csrf(c -> c.csrfTokenRequestHandler(csrf))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .headers(h -> h.contentSecurityPolicy(p -> p.policyDirectives(
                        // everything is ours: no CDN, no inline script; the printable notices carry inline styles
                        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'")))
                .authorizeExchange(a -> a.anyExchange().permitAll())
                .build();
    }

    /**
     * HttpOnly, SameSite=Lax, path /console; {@code Secure} when {@code onestop.console.secure-cookie} is true (behind
     * TLS, docs/console.md). No Max-Age: the cookie ends with the browser, the session server-side on idle timeout or
     * token expiry.
     */
    @Bean
    WebSessionIdResolver webSessionIdResolver(@Value("${onestop.console.secure-cookie:false}") boolean secure) {
        CookieWebSessionIdResolver resolver = new CookieWebSessionIdResolver();
        resolver.setCookieName(COOKIE);
        resolver.addCookieInitializer(cookie -> cookie.path("/console").httpOnly(true).sameSite("Lax").secure(secure));
        return resolver;
    }
}

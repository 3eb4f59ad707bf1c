package org.onestop.console.session;

import org.springframework.core.annotation.Order;
import org.springframework.security.web.reactive.result.view.CsrfRequestDataValueProcessor;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Resolves the session's CSRF token (Spring Security leaves it as a lazy {@code Mono}) before the page's handler runs
 * and leaves it where Spring Security's {@link CsrfRequestDataValueProcessor} looks: every {@code th:action} form then
 * gets its hidden {@code _csrf} field from Thymeleaf. Static files need none.
 */
@Component
@Order(1)
class CsrfTokenFilter implements WebFilter {

    static final String ATTRIBUTE = "onestop.console.csrf";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (token == null || !path.startsWith("/console/") || path.startsWith("/console/static/")) {
            return chain.filter(exchange);
        }
        return token.doOnNext(t -> {
            exchange.getAttributes().put(ATTRIBUTE, t);
            exchange.getAttributes().put(CsrfRequestDataValueProcessor.DEFAULT_CSRF_ATTR_NAME, t);
        }).then(chain.filter(exchange));
    }
}

package org.onestop.console.session;

import java.net.URI;
import java.time.Clock;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every console page but sign-in and the static files needs a signed-in session whose token has not expired; the
 * session's {@link ConsoleSession} is handed to the controllers as an exchange attribute. Runs after Spring Security
 * (order -100), so a forged POST is refused before anything here.
 */
@Component
@Order(0)
class SessionFilter implements WebFilter {

    private final Clock clock;

    SessionFilter() {
        this(Clock.systemUTC());
    }

    SessionFilter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (path.equals("/") || path.equals("/console")) {
            return redirect(exchange, "/console/");
        }
        if (!path.startsWith("/console/") || path.equals("/console/login") || path.startsWith("/console/static/")) {
            return chain.filter(exchange);
        }
        return exchange.getSession().flatMap(session -> {
            ConsoleSession signedIn = session.getAttribute(ConsoleSession.ATTRIBUTE);
            if (signedIn == null) {
                return redirect(exchange, "/console/login");
            }
            if (signedIn.expired(clock.instant())) {
                return session.invalidate().then(redirect(exchange, "/console/login?expired"));
            }
            exchange.getAttributes().put(ConsoleSession.ATTRIBUTE, signedIn);
            return chain.filter(exchange);
        });
    }

    static Mono<Void> redirect(ServerWebExchange exchange, String location) {
        exchange.getResponse().setStatusCode(HttpStatus.SEE_OTHER);
        exchange.getResponse().getHeaders().setLocation(URI.create(location));
        return exchange.getResponse().setComplete();
    }
}

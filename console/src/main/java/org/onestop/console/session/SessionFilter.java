package org.onestop.console.session;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every console page but sign-in and the static files needs a signed-in session (from the sealed cookie, whichever
 * replica sealed it) that is not signed out, not idle past its deadline and whose token has not expired; the partner's
 * {@link ConsoleSession} is handed to the controllers as an exchange attribute. A request moves the idle deadline on
 * (a new cookie, at most once a minute). Runs after Spring Security (order -100), so a forged POST is refused before
 * anything here.
 */
@Component
@Order(0)
class SessionFilter implements WebFilter {

    private final SessionCookies cookies;
    private final Revocations revocations;

    SessionFilter(SessionCookies cookies, Revocations revocations) {
        this.cookies = cookies;
        this.revocations = revocations;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (path.equals("/") || path.equals("/console")) {
            return redirect(exchange, "/console/");
        }
        if (!path.startsWith("/console/") || path.equals("/console/login") || path.startsWith("/console/static/")
                || path.equals(Revocations.PATH)) {
            return chain.filter(exchange);
        }
        Optional<SessionState> requested = cookies.requested(exchange).filter(SessionState::signedIn);
        if (requested.isEmpty()) {
            return redirect(exchange, "/console/login");
        }
        SessionState session = requested.get();
        if (revocations.revoked(session.id())) {
            // a cookie kept (or stolen) from before a sign-out
            cookies.clear(exchange);
            return redirect(exchange, "/console/login");
        }
        Instant now = cookies.now();
        if (session.expired(now)) {
            cookies.clear(exchange);
            return redirect(exchange, "/console/login?expired");
        }
        if (session.dueForRefresh(now, cookies.idleTimeout())) {
            cookies.write(exchange, session.idleUntil(now.plus(cookies.idleTimeout())));
        }
        exchange.getAttributes().put(ConsoleSession.ATTRIBUTE, session.partner());
        return chain.filter(exchange);
    }

    static Mono<Void> redirect(ServerWebExchange exchange, String location) {
        exchange.getResponse().setStatusCode(HttpStatus.SEE_OTHER);
        exchange.getResponse().getHeaders().setLocation(URI.create(location));
        return exchange.getResponse().setComplete();
    }
}

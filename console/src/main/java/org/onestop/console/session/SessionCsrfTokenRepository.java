package org.onestop.console.session;

import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.DefaultCsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The CSRF token lives in the sealed session cookie, not in one replica's memory: a form rendered by one replica posts
 * to another. A POST must carry the token its own session cookie holds; a signed-out (revoked) or expired session has
 * none, so its forms are refused. A visitor with no session (the sign-in form) gets an anonymous session for it.
 */
class SessionCsrfTokenRepository implements ServerCsrfTokenRepository {

    private static final String HEADER = "X-CSRF-TOKEN";
    private static final String PARAMETER = "_csrf";

    private final SessionCookies cookies;
    private final Revocations revocations;

    SessionCsrfTokenRepository(SessionCookies cookies, Revocations revocations) {
        this.cookies = cookies;
        this.revocations = revocations;
    }

    @Override
    public Mono<CsrfToken> generateToken(ServerWebExchange exchange) {
        return Mono.fromSupplier(() -> token(SessionCodec.newCsrfToken()));
    }

    @Override
    public Mono<Void> saveToken(ServerWebExchange exchange, CsrfToken token) {
        return Mono.fromRunnable(() -> {
            if (token == null) {
                return;
            }
            // called only when loadToken found none: no live session, so an anonymous one carries the new token
            cookies.write(exchange, cookies.current(exchange).filter(s -> !revocations.revoked(s.id()))
                    .map(s -> s.withCsrf(token.getToken())).orElseGet(() -> cookies.anonymous(token.getToken())));
        });
    }

    @Override
    public Mono<CsrfToken> loadToken(ServerWebExchange exchange) {
        return Mono.justOrEmpty(cookies.current(exchange).filter(s -> !revocations.revoked(s.id()))
                .map(s -> token(s.csrf())));
    }

    private static CsrfToken token(String value) {
        return new DefaultCsrfToken(HEADER, PARAMETER, value);
    }
}

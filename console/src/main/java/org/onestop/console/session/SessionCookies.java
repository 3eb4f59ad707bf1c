package org.onestop.console.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.onestop.console.ConsoleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The session cookie {@code ONESTOP_CONSOLE} on an exchange: read and opened once per request, written sealed. HttpOnly,
 * SameSite=Lax, path {@code /console} (it never accompanies an API call), {@code Secure} when
 * {@code onestop.console.secure-cookie} is true (behind TLS). No Max-Age: the cookie ends with the browser; the session
 * itself ends at its idle deadline, its token's expiry or sign-out, whatever the browser keeps.
 */
@Component
class SessionCookies {

    static final String COOKIE = "ONESTOP_CONSOLE";
    private static final Logger log = LoggerFactory.getLogger(SessionCookies.class);
    /** The state the request came with (an Optional: attributes hold no null). */
    private static final String REQUEST = SessionCookies.class.getName() + ".request";
    /** The state written on this exchange, if any: what later filters of the same request must see. */
    private static final String WRITTEN = SessionCookies.class.getName() + ".written";

    private final SessionCodec codec;
    private final Duration idleTimeout;
    private final boolean secure;
    private final Clock clock;

    @Autowired
    SessionCookies(SessionProperties properties, ConsoleProperties console,
            @Value("${onestop.console.secure-cookie:false}") boolean secure) {
        this(codec(properties), console.idleTimeout(), secure, Clock.systemUTC());
    }

    SessionCookies(SessionCodec codec, Duration idleTimeout, boolean secure, Clock clock) {
        this.codec = codec;
        this.idleTimeout = idleTimeout;
        this.secure = secure;
        this.clock = clock;
    }

    private static SessionCodec codec(SessionProperties properties) {
        byte[] previous = blank(properties.previousKey()) ? null
                : SessionCodec.decodeKey(properties.previousKey(), "ONESTOP_CONSOLE_SESSION_PREVIOUS_KEY");
        if (blank(properties.key())) {
            log.warn("ONESTOP_CONSOLE_SESSION_KEY is not set: sessions are sealed under a key of this process alone, so a "
                    + "restart or another replica signs every partner out (docs/console.md \"Replicas\")");
            return new SessionCodec(SessionCodec.randomBytes(32), previous);
        }
        return new SessionCodec(SessionCodec.decodeKey(properties.key(), "ONESTOP_CONSOLE_SESSION_KEY"), previous);
    }

    SessionCodec codec() {
        return codec;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    Instant now() {
        return clock.instant();
    }

    /** The state the request's cookie carries, if it is one of ours: expired or revoked ones included. */
    Optional<SessionState> requested(ServerWebExchange exchange) {
        Optional<SessionState> cached = exchange.getAttribute(REQUEST);
        if (cached == null) {
            HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
            cached = cookie == null ? Optional.empty() : codec.open(cookie.getValue());
            exchange.getAttributes().put(REQUEST, cached);
        }
        return cached;
    }

    /** The state this exchange stands in now: written during the request, else the request's, if not expired. */
    Optional<SessionState> current(ServerWebExchange exchange) {
        Optional<SessionState> written = exchange.getAttribute(WRITTEN);
        if (written != null) {
            return written;
        }
        return requested(exchange).filter(state -> !state.expired(now()));
    }

    /** A session before sign-in: it carries only the sign-in form's CSRF token. */
    SessionState anonymous(String csrf) {
        return new SessionState(SessionCodec.newSessionId(), csrf, null, now().plus(idleTimeout));
    }

    /** A new session for a partner who has just signed in: a new id and a new CSRF token (no fixation). */
    SessionState signedIn(ConsoleSession partner) {
        return new SessionState(SessionCodec.newSessionId(), SessionCodec.newCsrfToken(), partner, now().plus(idleTimeout));
    }

    void write(ServerWebExchange exchange, SessionState state) {
        exchange.getResponse().getCookies().set(COOKIE, cookie(codec.seal(state)).build());
        exchange.getAttributes().put(WRITTEN, Optional.of(state));
    }

    void clear(ServerWebExchange exchange) {
        exchange.getResponse().getCookies().set(COOKIE, cookie("").maxAge(Duration.ZERO).build());
        exchange.getAttributes().put(WRITTEN, Optional.empty());
    }

    private ResponseCookie.ResponseCookieBuilder cookie(String value) {
        return ResponseCookie.from(COOKIE, value).path("/console").httpOnly(true).sameSite("Lax").secure(secure);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

package org.onestop.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** The idle timeout, its refresh, the token's expiry and a revoked id, as the filter sees each request (a fixed clock). */
class SessionFilterTest {

    static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    static final Duration IDLE = Duration.ofMinutes(30);

    final SessionCodec codec = new SessionCodec(SessionCodecTest.KEY, null);
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final SessionCookies cookies = new SessionCookies(codec, IDLE, false, clock);
    final Revocations revocations = new Revocations(codec, List.of(), clock);
    final SessionFilter filter = new SessionFilter(cookies, revocations);

    /** Signed in with a token valid until 10:10, idle deadline as given. */
    SessionState session(Instant idleDeadline) {
        return new SessionState(SessionCodec.newSessionId(), "csrf",
                new ConsoleSession("civil-affairs-360400", "t", Set.of("identity:write"), NOW.plus(Duration.ofMinutes(10))),
                idleDeadline);
    }

    record Outcome(MockServerWebExchange exchange, boolean passed) {

        String location() {
            return String.valueOf(exchange.getResponse().getHeaders().getLocation());
        }

        ResponseCookie cookie() {
            return exchange.getResponse().getCookies().getFirst(SessionCookies.COOKIE);
        }
    }

    Outcome request(SessionState state) {
        return request(filter, state);
    }

    Outcome request(SessionFilter through, SessionState state) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/console/batches")
                .cookie(new HttpCookie(SessionCookies.COOKIE, codec.seal(state))));
        AtomicBoolean passed = new AtomicBoolean();
        WebFilterChain chain = e -> Mono.fromRunnable(() -> passed.set(true));
        through.filter(exchange, chain).block();
        return new Outcome(exchange, passed.get());
    }

    @Test
    void aSessionIdlePastItsDeadlineIsSentToSignInAgainAndItsCookieCleared() {
        Outcome idle = request(session(NOW.minusSeconds(1)));

        assertThat(idle.passed()).isFalse();
        assertThat(idle.location()).isEqualTo("/console/login?expired");
        assertThat(idle.cookie().getMaxAge()).isZero();
    }

    @Test
    void aRequestMovesTheIdleDeadlineOnWhenAMinuteOrMoreHasPassedSinceTheLastMove() {
        // last moved two minutes ago: deadline 10:28, so this request moves it to 10:30
        Outcome moved = request(session(NOW.plus(IDLE).minus(Duration.ofMinutes(2))));

        assertThat(moved.passed()).isTrue();
        assertThat(codec.open(moved.cookie().getValue())).hasValueSatisfying(
                s -> assertThat(s.idleDeadline()).isEqualTo(NOW.plus(IDLE)));
        // moved 30 s ago: no new cookie
        Outcome recent = request(session(NOW.plus(IDLE).minusSeconds(30)));
        assertThat(recent.passed()).isTrue();
        assertThat(recent.cookie()).isNull();
    }

    @Test
    void aSessionWhoseTokenHasExpiredEndsWhateverItsIdleDeadline() {
        SessionState state = session(NOW.plus(IDLE));
        // the same cookie eleven minutes later: the token (until 10:10) has expired, the idle deadline (10:30) not
        Outcome expired = request(at(NOW.plus(Duration.ofMinutes(11))), state);

        assertThat(expired.passed()).isFalse();
        assertThat(expired.location()).isEqualTo("/console/login?expired");
    }

    @Test
    void aSignedOutSessionIsSentToSignInEvenWithinItsDeadlines() {
        SessionState state = session(NOW.plus(IDLE));
        revocations.revoke(state).block();

        Outcome replayed = request(state);
        assertThat(replayed.passed()).isFalse();
        assertThat(replayed.location()).isEqualTo("/console/login");
        assertThat(request(session(NOW.plus(IDLE))).passed()).as("another session").isTrue();
    }

    /** The same filter and key, its clock at {@code instant}. */
    SessionFilter at(Instant instant) {
        Clock later = Clock.fixed(instant, ZoneOffset.UTC);
        return new SessionFilter(new SessionCookies(codec, IDLE, false, later), new Revocations(codec, List.of(), later));
    }
}

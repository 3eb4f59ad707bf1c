package org.onestop.console.session;

import java.time.Duration;
import java.time.Instant;

/**
 * Everything a console session is, carried by the browser in the sealed cookie ({@link SessionCodec}): no replica
 * holds a session, so any replica serves any request.
 *
 * @param id           random, new at every sign-in: what sign-out revokes ({@link Revocations})
 * @param csrf         the CSRF token of this session's forms (the CSRF check compares the form's field with it)
 * @param partner      the signed-in partner with its token, scopes and token expiry; null before sign-in (the sign-in
 *                     form's session exists only to carry its CSRF token)
 * @param idleDeadline the session ends at this instant unless a request moves it on by the idle timeout
 */
record SessionState(String id, String csrf, ConsoleSession partner, Instant idleDeadline) {

    /** The idle deadline is moved on (a new cookie written) at most once a minute, not on every request. */
    static final Duration REFRESH_STEP = Duration.ofMinutes(1);

    boolean signedIn() {
        return partner != null;
    }

    /** Past its idle deadline, or past its token's expiry. */
    boolean expired(Instant now) {
        return !now.isBefore(idleDeadline) || (partner != null && partner.expired(now));
    }

    /** How long a revocation of this session must be remembered: until the cookie could not be used anyway. */
    Instant usableUntil() {
        // the idle deadline moves on with use; the token's expiry does not, and bounds every signed-in session
        return partner != null ? partner.expiresAt() : idleDeadline;
    }

    /** True when a request at {@code now} should move the idle deadline on (one minute or more has passed). */
    boolean dueForRefresh(Instant now, Duration idleTimeout) {
        return idleDeadline.isBefore(now.plus(idleTimeout).minus(REFRESH_STEP));
    }

    SessionState idleUntil(Instant deadline) {
        return new SessionState(id, csrf, partner, deadline);
    }

    SessionState withCsrf(String token) {
        return new SessionState(id, token, partner, idleDeadline);
    }

    /** Never the token or the CSRF value in a log line. */
    @Override
    public String toString() {
        return "SessionState[" + id + ", " + partner + ", idle until " + idleDeadline + "]";
    }
}

package org.onestop.console.session;

import java.io.Serializable;
import java.time.Instant;
import java.util.Set;

/**
 * The signed-in partner as the console keeps it, server-side only (the browser holds nothing but the session cookie).
 *
 * @param clientId    the partner's client id, shown on every page
 * @param accessToken the gateway's token for that partner: every API call carries it, so the gateway's scopes decide
 * @param scopes      the scopes the gateway granted (its token answer); used only to hide pages the API would refuse
 * @param expiresAt   the token's expiry: the session ends with it
 */
public record ConsoleSession(String clientId, String accessToken, Set<String> scopes, Instant expiresAt)
        implements Serializable {

    /** The exchange and session attribute holding it. */
    public static final String ATTRIBUTE = "onestop.console.session";

    public boolean may(String scope) {
        return scopes.contains(scope);
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The page needs {@code scope}; without it the partner gets the 403 page (the API would refuse it anyway). */
    public void require(String scope) {
        if (!may(scope)) {
            throw new PageForbiddenException(scope);
        }
    }

    /** Never the token in a log line or a page. */
    @Override
    public String toString() {
        return "ConsoleSession[" + clientId + ", " + scopes + ", until " + expiresAt + "]";
    }
}

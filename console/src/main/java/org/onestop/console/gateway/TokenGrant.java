package org.onestop.console.gateway;

import java.time.Duration;
import java.util.Set;

/** The gateway's answer to a client-credentials grant: the token, how long it lives, the scopes it carries. */
public record TokenGrant(String accessToken, Duration expiresIn, Set<String> scopes) {

    @Override
    public String toString() {
        return "TokenGrant[" + expiresIn + ", " + scopes + "]";
    }
}

package org.onestop.enrollment.subsidy.web;

import java.util.Arrays;
import java.util.Collection;
import org.onestop.events.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What each partner type may touch here, checked a second time after the gateway (docs/enrollment.md, "Who may call
 * what"): the caller comes from the internal token the gateway minted for this service (docs/security.md); there is
 * no caller that sees everything.
 */
final class PartnerScope {

    private PartnerScope() {
    }

    /** The caller the verified internal {@code token} names; 400 {@code invalid-caller} when its claims name nobody. */
    static Caller caller(Jwt token) {
        try {
            return Caller.fromClaims(token.getClaims()::get);
        } catch (Caller.InvalidCallerException e) {
            throw new RequestException(HttpStatus.BAD_REQUEST, "invalid-caller",
                    "调用方信息无效 (the internal token's caller claims are not valid: " + e.getMessage() + ")");
        }
    }

    /** Refuses a partner whose type is not one of {@code allowed}. */
    static void require(Caller caller, Caller.Type... allowed) {
        if (Arrays.stream(allowed).noneMatch(caller::is)) {
            throw new RequestException(HttpStatus.FORBIDDEN, "not-allowed-for-partner-type",
                    "该类合作方不能调用此接口 (partner type " + caller.type().claim() + " may not call this)");
        }
    }

    /** Whether an operator, or a partner whose area holds one of {@code regions}, may see them. */
    static boolean sees(Caller caller, Collection<String> regions) {
        return caller.is(Caller.Type.OPERATOR) || regions.stream().anyMatch(caller::inRegion);
    }

    static RequestException notYourRegion() {
        return new RequestException(HttpStatus.FORBIDDEN, "not-your-region",
                "只能办理本地区的业务 (the region lies outside the area of this partner)");
    }
}

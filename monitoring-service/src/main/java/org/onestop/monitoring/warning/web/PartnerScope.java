package org.onestop.monitoring.warning.web;

import org.onestop.events.Caller;
import org.onestop.events.Department;
import org.onestop.monitoring.warning.WarningQueries.Scope;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What each partner type may see and do here, checked a second time after the gateway (docs/monitoring.md, "Who may
 * call what"). The caller comes from the internal token the gateway minted for this service (docs/security.md); there
 * is no caller that sees everything.
 */
final class PartnerScope {

    private PartnerScope() {
    }

    /** The caller the verified internal {@code token} names; 400 {@code invalid-caller} when its claims cannot. */
    static Caller caller(Jwt token) {
        Caller caller;
        try {
            caller = Caller.fromClaims(token.getClaims()::get);
        } catch (Caller.InvalidCallerException e) {
            throw invalidCaller(e.getMessage());
        }
        if (caller.is(Caller.Type.DEPARTMENT) && caller.department() == null) {
            throw invalidCaller("a department without its department");
        }
        // the area is a warning's visibility: a partner that needs one and has none (or not a code) sees nothing, loudly
        if ((caller.is(Caller.Type.DEPARTMENT) || caller.is(Caller.Type.INSURANCE_OFFICE))
                && (caller.region() == null || !caller.region().matches("\\d{6}"))) {
            throw invalidCaller("a partner of an area without a 6-digit region");
        }
        return caller;
    }

    /**
     * The warnings {@code caller} may read: a department those routed to it in its area, an insurance office those of
     * its area, operators all; hospitals none (403).
     */
    static Scope readScope(Caller caller) {
        if (caller.is(Caller.Type.OPERATOR)) {
            return Scope.ALL;
        }
        return switch (caller.type()) {
            case DEPARTMENT -> new Scope(caller.department().name(), caller.regionPrefix());
            case INSURANCE_OFFICE -> new Scope(null, caller.regionPrefix());
            default -> throw notAllowed(caller);
        };
    }

    /**
     * The department a call acts for: a department caller's own (from its token), refusing a {@code named}
     * other one with 403 {@code not-your-department}; for other callers what they named (null when nothing).
     */
    static String department(Caller caller, String named) {
        if (!caller.is(Caller.Type.DEPARTMENT)) {
            return named;
        }
        if (named != null && Department.parse(named).orElse(null) != caller.department()) {
            throw new Refused(HttpStatus.FORBIDDEN, "not-your-department",
                    "a department acts for itself only (" + caller.department().name() + ")", "department");
        }
        return caller.department().name();
    }

    static Refused notAllowed(Caller caller) {
        return new Refused(HttpStatus.FORBIDDEN, "not-allowed-for-partner-type",
                "partner type " + caller.type().claim() + " may not do this", null);
    }

    private static Refused invalidCaller(String why) {
        return new Refused(HttpStatus.BAD_REQUEST, "invalid-caller",
                "the internal token's caller claims are not valid: " + why, null);
    }
}

package org.onestop.gateway.partner;

import java.util.List;

/** The kinds of partner system, each with the scopes its tokens carry. */
public enum PartnerType {
    /** 定点医疗机构: settle, pre-settle, cancel and read its own settlements; read persons' statements. */
    HOSPITAL("hospital", List.of("settlement:write", "settlement:read", "persons:read")),
    /** 民政 / 乡村振兴 / 退役军人事务: push identities it owns, read its batches, read and acknowledge warnings routed to it. */
    DEPARTMENT("department", List.of("identity:write", "identity:read", "warnings:read", "warnings:write")),
    /**
     * 医保经办: register on-application assistance and contributions, read subsidies and warning lists of its region; the
     * bureau's policy what-if over its area's books (whatif:*).
     */
    INSURANCE_OFFICE("insurance-office", List.of("applications:write", "applications:read", "enrollment:write", "subsidies:read",
            "warnings:read", "persons:read", "whatif:write", "whatif:read")),
    /** Operations: audit, metrics, monitoring lists, each service's status (ops:read: lags, dead letters, outbox). Reads only. */
    OPERATOR("operator", List.of("audit:read", "metrics:read", "warnings:read", "subsidies:read", "ops:read"));

    private final String claim;
    private final List<String> scopes;

    PartnerType(String claim, List<String> scopes) {
        this.claim = claim;
        this.scopes = scopes;
    }

    /** The value of the token's {@code partner_type} claim. */
    public String claim() {
        return claim;
    }

    public List<String> scopes() {
        return scopes;
    }

    public static PartnerType fromClaim(String claim) {
        for (PartnerType t : values()) {
            if (t.claim.equals(claim)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown partner type");
    }
}

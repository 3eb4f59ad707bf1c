package org.onestop.gateway.partner;

import java.util.List;

/**
 * A partner system as its token describes it.
 *
 * @param clientId      OAuth2 client id, also the audit's partner name
 * @param institutionId the hospital's 定点医疗机构编码 (hospitals only, else null)
 * @param department    {@code CIVIL_AFFAIRS} | {@code RURAL_REVITALIZATION} | {@code VETERANS_AFFAIRS} (departments only)
 * @param regionCode    6-digit GB/T 2260 code of the partner's area (360400 = all of Jiujiang); null for operators
 */
public record Partner(String clientId, PartnerType type, String displayName, String institutionId, String department,
        String regionCode, List<String> scopes) {

    /**
     * The prefix a region code must start with to lie in this partner's area: trailing "00" pairs dropped
     * (360400 → 3604, 140000 → 14, 360402 → 360402).
     */
    public String regionPrefix() {
        return org.onestop.events.Caller.regionPrefix(regionCode);
    }

    /** This partner as the services see it in the internal token ({@link org.onestop.events.Caller}). */
    public org.onestop.events.Caller caller() {
        return new org.onestop.events.Caller(clientId, org.onestop.events.Caller.Type.fromClaim(type.claim()).orElseThrow(),
                institutionId, org.onestop.events.Department.parse(department).orElse(null), regionCode);
    }

    public boolean inRegion(String code) {
        String prefix = regionPrefix();
        return prefix != null && code != null && code.strip().matches("\\d{6}") && code.strip().startsWith(prefix);
    }
}

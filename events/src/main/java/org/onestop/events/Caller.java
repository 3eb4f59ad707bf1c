package org.onestop.events;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who is calling a service, as the gateway states it in its trust headers (docs/security.md). The gateway verifies the
 * partner's token, drops any header of these names a partner sent, and sets them itself; a service reads them to
 * enforce, a second time, what each partner may touch (object-level authorization).
 *
 * <p>A request without {@link #PARTNER_TYPE} did not come through the gateway: it is an internal caller (another
 * service, a test, an operator on the service network), which only the deployment's network policy admits. Such a
 * caller is {@link #internal()} and sees everything, exactly as before the gateway existed.
 *
 * @param partner     the partner's client id ({@code X-Onestop-Partner}), null for an internal caller
 * @param type        the partner type ({@code X-Onestop-Partner-Type}), null for an internal caller
 * @param institution the hospital's 定点医疗机构编码 ({@code X-Onestop-Institution}), hospitals only
 * @param department  the department ({@code X-Onestop-Department}), departments only
 * @param region      the partner's 6-digit GB/T 2260 area ({@code X-Onestop-Region}); null for operators
 */
public record Caller(String partner, Type type, String institution, Department department, String region) {

    public static final String PARTNER = "X-Onestop-Partner";
    public static final String PARTNER_TYPE = "X-Onestop-Partner-Type";
    public static final String INSTITUTION = "X-Onestop-Institution";
    public static final String DEPARTMENT = "X-Onestop-Department";
    public static final String REGION = "X-Onestop-Region";

    /** The partner types, by the value of their {@code partner_type} token claim and header. */
    public enum Type {
        HOSPITAL("hospital"), DEPARTMENT("department"), INSURANCE_OFFICE("insurance-office"), OPERATOR("operator");

        private final String claim;

        Type(String claim) {
            this.claim = claim;
        }

        public String claim() {
            return claim;
        }

        public static Optional<Type> fromClaim(String claim) {
            if (claim == null) {
                return Optional.empty();
            }
            String c = claim.strip().toLowerCase(Locale.ROOT);
            for (Type t : values()) {
                if (t.claim.equals(c)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /** Thrown when the trust headers name an unknown partner type: the request must be refused, never served as internal. */
    public static final class InvalidCallerException extends IllegalArgumentException {
        public InvalidCallerException(String message) {
            super(message);
        }
    }

    private static final Caller INTERNAL = new Caller(null, null, null, null, null);

    /** The caller without trust headers. */
    public static Caller internalCaller() {
        return INTERNAL;
    }

    /**
     * Reads the trust headers through {@code header} (a header lookup by name, returning null when absent).
     *
     * @throws InvalidCallerException when a partner type is present but unknown, or a department's header is not a
     *                                department
     */
    public static Caller from(Function<String, String> header) {
        String typeText = blankToNull(header.apply(PARTNER_TYPE));
        if (typeText == null) {
            return INTERNAL;
        }
        Type type = Type.fromClaim(typeText).orElseThrow(() -> new InvalidCallerException("unknown partner type"));
        String departmentText = blankToNull(header.apply(DEPARTMENT));
        Department department = null;
        if (departmentText != null) {
            department = Department.parse(departmentText).orElseThrow(() -> new InvalidCallerException("unknown department"));
        }
        return new Caller(blankToNull(header.apply(PARTNER)), type, blankToNull(header.apply(INSTITUTION)), department,
                blankToNull(header.apply(REGION)));
    }

    /**
     * States this caller as trust headers, each present value through {@code header.accept(name, value)} (the gateway
     * forwarding a call; tests calling a service as a partner). An internal caller writes nothing.
     */
    public void writeTo(java.util.function.BiConsumer<String, String> header) {
        if (type == null) {
            return;
        }
        if (partner != null) {
            header.accept(PARTNER, partner);
        }
        header.accept(PARTNER_TYPE, type.claim());
        if (institution != null) {
            header.accept(INSTITUTION, institution);
        }
        if (department != null) {
            header.accept(DEPARTMENT, department.name());
        }
        if (region != null) {
            header.accept(REGION, region);
        }
    }

    /** True for a call that did not come through the gateway (no partner type header). */
    public boolean internal() {
        return type == null;
    }

    public boolean is(Type t) {
        return type == t;
    }

    /**
     * The prefix a region code must start with to lie in this caller's area: trailing "00" pairs dropped
     * (360400 → 3604, 140000 → 14, 360402 → 360402). Null when the caller has no area.
     */
    public String regionPrefix() {
        return regionPrefix(region);
    }

    /** {@link #regionPrefix()} of any 6-digit code. */
    public static String regionPrefix(String regionCode) {
        if (regionCode == null) {
            return null;
        }
        String p = regionCode.strip();
        while (p.length() > 2 && p.endsWith("00")) {
            p = p.substring(0, p.length() - 2);
        }
        return p;
    }

    /** Whether the 6-digit {@code code} lies in this caller's area; false when the caller has none or the code is not 6 digits. */
    public boolean inRegion(String code) {
        String prefix = regionPrefix();
        if (prefix == null || code == null) {
            return false;
        }
        String c = code.strip();
        return c.length() == 6 && c.chars().allMatch(ch -> ch >= '0' && ch <= '9') && c.startsWith(prefix);
    }

    /** Whether this caller is the hospital {@code hospitalId}. */
    public boolean isInstitution(String hospitalId) {
        return type == Type.HOSPITAL && institution != null && hospitalId != null && institution.equals(hospitalId.strip());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

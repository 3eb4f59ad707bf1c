package org.onestop.events;

import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Who is calling a service, as the gateway states it in the internal token it signs for that service
 * ({@link InternalToken}, docs/security.md). A service verifies the token and reads the caller from its claims alone
 * ({@link #fromClaims}); it then enforces, a second time, what each partner may touch (object-level authorization).
 * There is no caller without a partner type: operators, tests and benchmarks hold a credential like any partner.
 *
 * @param partner     the partner's client id (the token's {@code sub}), never null
 * @param type        the partner type ({@link InternalToken#PARTNER_TYPE}), never null
 * @param institution the hospital's 定点医疗机构编码 ({@link InternalToken#INSTITUTION}), hospitals only
 * @param department  the department ({@link InternalToken#DEPARTMENT}), departments only
 * @param region      the partner's 6-digit GB/T 2260 area ({@link InternalToken#REGION}); null for operators
 */
public record Caller(String partner, Type type, String institution, Department department, String region) {

    public Caller {
        if (partner == null || partner.isBlank()) {
            throw new InvalidCallerException("no partner");
        }
        if (type == null) {
            throw new InvalidCallerException("no partner type");
        }
    }

    /** The partner types, by the value of their {@code partner_type} claim. */
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

    /** Thrown when the token's claims cannot describe a partner: the request must be refused, never served. */
    public static final class InvalidCallerException extends IllegalArgumentException {
        public InvalidCallerException(String message) {
            super(message);
        }
    }

    /**
     * Reads the caller from a verified internal token's claims ({@code claim}: lookup by claim name, null when absent;
     * values as the JSON of the token gives them).
     *
     * @throws InvalidCallerException when the subject or partner type is missing, the type or department is unknown
     */
    public static Caller fromClaims(Function<String, Object> claim) {
        String typeText = text(claim.apply(InternalToken.PARTNER_TYPE));
        if (typeText == null) {
            throw new InvalidCallerException("no " + InternalToken.PARTNER_TYPE);
        }
        Type type = Type.fromClaim(typeText).orElseThrow(() -> new InvalidCallerException("unknown partner type"));
        String departmentText = text(claim.apply(InternalToken.DEPARTMENT));
        Department department = null;
        if (departmentText != null) {
            department = Department.parse(departmentText).orElseThrow(() -> new InvalidCallerException("unknown department"));
        }
        return new Caller(text(claim.apply("sub")), type, text(claim.apply(InternalToken.INSTITUTION)), department,
                text(claim.apply(InternalToken.REGION)));
    }

    /**
     * This caller as internal-token claims, each present value through {@code claim.accept(name, value)} (the gateway
     * minting a token; tests minting one). {@code sub} is the caller's partner.
     */
    public void writeClaims(BiConsumer<String, Object> claim) {
        claim.accept("sub", partner);
        claim.accept(InternalToken.PARTNER_TYPE, type.claim());
        if (institution != null) {
            claim.accept(InternalToken.INSTITUTION, institution);
        }
        if (department != null) {
            claim.accept(InternalToken.DEPARTMENT, department.name());
        }
        if (region != null) {
            claim.accept(InternalToken.REGION, region);
        }
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

    private static String text(Object value) {
        if (!(value instanceof String s)) {
            return null; // a claim of another JSON type describes nobody
        }
        return s.isBlank() ? null : s.strip();
    }
}

package org.onestop.identity.access;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.onestop.events.Caller;
import org.onestop.events.Department;
import org.onestop.events.IdentityType;
import org.onestop.events.InternalToken;

/**
 * The rules of docs/identity-api.md "Who may call what", as the gateway's {@code AccessPolicy} states them at the
 * edge, checked again here so that a call reaching the service some other way (or a gateway bug) cannot touch
 * another department's or area's data. Pure: the controllers apply them before anything is read or stored, and the
 * person queries take {@link Visibility} into their SQL.
 *
 * <ul>
 *   <li>a department pushes only in its own name and inside its area, reads only the batches of its department
 *       pushed in its area ({@link #batchArea}), and sees only the identity records of the types it owns inside its
 *       area;</li>
 *   <li>an operator pushes nothing and reads everything;</li>
 *   <li>hospitals and insurance offices: none of this service's endpoints (they learn identities through
 *       settlement and enrollment).</li>
 * </ul>
 * Every caller is a partner named by a verified internal token (docs/security.md): there is no caller that may do
 * everything. Another's batch or an invisible person is answered 404 exactly as an unknown one, so ids cannot be probed.
 */
public final class PartnerAccess {

    /** The area of a batch no narrower area is known for: no department partner lies in it, none reads it. */
    public static final String NO_AREA = "000000";

    private PartnerAccess() {
    }

    /**
     * What of a person's records a caller may see: the identity types it owns, inside its area.
     *
     * @param identityTypes type codes ({@link IdentityType#name()}) the caller owns
     * @param regionPrefix  a record's region code must start with it ({@link Caller#regionPrefix()})
     */
    public record Visibility(List<String> identityTypes, String regionPrefix) {
        public Visibility {
            identityTypes = List.copyOf(identityTypes);
        }
    }

    /**
     * The caller a verified internal token names ({@code claim}: lookup by claim name, null when absent).
     *
     * @throws Caller.InvalidCallerException for an unknown partner type or department, and for a department without
     *                                       its department or a 6-digit area: served as anything else, such a call
     *                                       could see more than its own
     */
    public static Caller caller(Function<String, Object> claim) {
        Caller caller = Caller.fromClaims(claim);
        if (caller.is(Caller.Type.DEPARTMENT)) {
            if (caller.department() == null) {
                throw new Caller.InvalidCallerException("department without " + InternalToken.DEPARTMENT);
            }
            // GB/T 2260 codes start 1–8; a 0… area would fall into NO_AREA
            if (caller.region() == null || !caller.region().matches("[1-9]\\d{5}")) {
                throw new Caller.InvalidCallerException("department without a 6-digit " + InternalToken.REGION);
            }
        }
        return caller;
    }

    /**
     * The department a push is made in: the one {@code named} by the body or form, or for a department caller that
     * omits it ({@code named} blank), its own.
     *
     * @throws AccessDeniedException {@code not-allowed-for-partner-type} unless the caller is a department;
     *                               {@code not-your-department} when a department names another (or an unknown) one
     */
    public static String pushingDepartment(Caller caller, String named) {
        if (!caller.is(Caller.Type.DEPARTMENT)) {
            throw notAllowed(caller);
        }
        if (named == null || named.isBlank()) {
            return caller.department().name();
        }
        if (Department.parse(named).orElse(null) != caller.department()) {
            throw new AccessDeniedException("not-your-department",
                    "只能以本部门名义报送 (department must be the department of the caller)", Map.of());
        }
        return named;
    }

    /**
     * Refuses a push naming a region outside a department caller's area. {@code regionCodes} in row order; a blank
     * code is left to the row check ({@code REGION_UNKNOWN}), as at the gateway.
     *
     * @throws AccessDeniedException {@code not-your-region}, naming the first 100 offending row numbers (1-based)
     */
    public static void requireRegions(Caller caller, List<String> regionCodes) {
        int[] outside = new int[Math.min(regionCodes.size(), 100)];
        int found = 0;
        int row = 0;
        for (String code : regionCodes) {
            row++;
            if (code != null && !code.isBlank() && !caller.inRegion(code)) {
                if (found < outside.length) {
                    outside[found] = row;
                }
                found++;
            }
        }
        if (found > 0) {
            List<Integer> rows = Arrays.stream(outside, 0, Math.min(found, outside.length)).boxed().toList();
            throw notYourRegion(Map.of("rows", rows));
        }
    }

    /** Refuses a file-level region outside a department caller's area (every row of a CSV file takes it). */
    public static void requireRegion(Caller caller, String regionCode) {
        if (!caller.inRegion(regionCode)) {
            throw notYourRegion(Map.of());
        }
    }

    /**
     * The area a batch is pushed in, part of its idempotency key {@code (department, area, departmentReference)} and
     * what {@link BatchScope} compares: the pushing department's own ({@link InternalToken#REGION}, e.g. 140000), so the
     * same reference used by two areas' partners makes two batches. (Only departments push; migration V3 gave batches
     * pushed before partners existed the smallest area holding their rows, or {@link #NO_AREA}.)
     */
    public static String batchArea(Caller caller) {
        return caller.region();
    }

    /**
     * Which stored batches a caller may read; checked before anything is read.
     *
     * @throws AccessDeniedException {@code not-allowed-for-partner-type} for hospitals and insurance offices
     */
    public static BatchScope batchScope(Caller caller) {
        requireReader(caller);
        return caller.is(Caller.Type.DEPARTMENT) ? new BatchScope(caller) : BatchScope.ALL;
    }

    /**
     * The batches a caller may read: operators every one; a department those of its department
     * whose area lies in its own (a province's partner reads its cities' batches, a city's partner not the
     * province's, never a {@link #NO_AREA} one). Another's batch is answered as unknown (404).
     */
    public static final class BatchScope {

        static final BatchScope ALL = new BatchScope(null);

        private final Caller department;

        private BatchScope(Caller department) {
            this.department = department;
        }

        /** The department (its name) whose batches are admitted; null: every department's (operators). */
        public String departmentName() {
            return department == null ? null : department.department().name();
        }

        /**
         * What an admitted batch's area starts with (a list's SQL filter, the same rule as {@link #admits}); null:
         * any area. Never null for a department: a department caller without a region is refused when its token is
         * read ({@code invalid-caller}).
         */
        public String areaPrefix() {
            return department == null ? null : department.regionPrefix();
        }

        /** Whether a batch of {@code department} (its name) pushed in {@code area} is readable. */
        public boolean admits(String department, String area) {
            if (this.department == null) {
                return true;
            }
            return this.department.department().name().equals(department) && area != null
                    && !NO_AREA.equals(area) && this.department.inRegion(area);
        }
    }

    /**
     * What of a person the caller may see; null: everything.
     *
     * @throws AccessDeniedException {@code not-allowed-for-partner-type} for hospitals and insurance offices
     */
    public static Visibility personVisibility(Caller caller) {
        requireReader(caller);
        if (!caller.is(Caller.Type.DEPARTMENT)) {
            return null;
        }
        List<String> owned = Arrays.stream(IdentityType.values()).filter(caller.department()::mayPush)
                .map(IdentityType::name).toList();
        return new Visibility(owned, caller.regionPrefix());
    }

    private static void requireReader(Caller caller) {
        if (!(caller.is(Caller.Type.DEPARTMENT) || caller.is(Caller.Type.OPERATOR))) {
            throw notAllowed(caller);
        }
    }

    private static AccessDeniedException notAllowed(Caller caller) {
        return new AccessDeniedException("not-allowed-for-partner-type",
                "该类合作方无权调用此接口 (partner type " + caller.type().claim() + " may not call this)", Map.of());
    }

    private static AccessDeniedException notYourRegion(Map<String, Object> properties) {
        return new AccessDeniedException("not-your-region",
                "超出本机构辖区 (regionCode is outside the area of the caller)", properties);
    }
}

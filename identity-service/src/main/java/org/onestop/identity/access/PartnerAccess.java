package org.onestop.identity.access;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.onestop.events.Caller;
import org.onestop.events.Department;
import org.onestop.events.IdentityType;

/**
 * The rules of docs/identity-api.md "Who may call what", as the gateway's {@code AccessPolicy} states them at the
 * edge, checked again here so that a call reaching the service some other way (or a gateway bug) cannot touch
 * another department's or area's data. Pure: the controllers apply them before anything is read or stored, and the
 * person queries take {@link Visibility} into their SQL.
 *
 * <ul>
 *   <li>an internal caller (no {@code X-Onestop-Partner-Type}: other services, tests, benchmarks) sees everything;</li>
 *   <li>a department pushes only in its own name and inside its area, reads only its department's batches, and sees
 *       only the identity records of the types it owns inside its area;</li>
 *   <li>an operator pushes nothing and reads everything;</li>
 *   <li>hospitals and insurance offices: none of this service's endpoints (they learn identities through
 *       settlement and enrollment).</li>
 * </ul>
 * Another's batch or an invisible person is answered 404 exactly as an unknown one, so ids cannot be probed.
 */
public final class PartnerAccess {

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
     * The caller the trust headers name ({@code header}: lookup by name, null when absent).
     *
     * @throws Caller.InvalidCallerException for an unknown partner type or department, and for a department without
     *                                       its department or a 6-digit area: served as anything else, such a call
     *                                       could see more than its own
     */
    public static Caller caller(Function<String, String> header) {
        Caller caller = Caller.from(header);
        if (caller.is(Caller.Type.DEPARTMENT)) {
            if (caller.department() == null) {
                throw new Caller.InvalidCallerException("department without " + Caller.DEPARTMENT);
            }
            if (caller.region() == null || !caller.region().matches("\\d{6}")) {
                throw new Caller.InvalidCallerException("department without a 6-digit " + Caller.REGION);
            }
        }
        return caller;
    }

    /**
     * The department a push is made in: the one {@code named} by the body or form, or for a department caller that
     * omits it ({@code named} blank), its own. For an internal caller, {@code named} as given (the controller parses
     * it as it always has).
     *
     * @throws AccessDeniedException {@code not-allowed-for-partner-type} unless the caller is internal or a department;
     *                               {@code not-your-department} when a department names another (or an unknown) one
     */
    public static String pushingDepartment(Caller caller, String named) {
        if (caller.internal()) {
            return named;
        }
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
        if (caller.internal()) {
            return;
        }
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
        if (!caller.internal() && !caller.inRegion(regionCode)) {
            throw notYourRegion(Map.of());
        }
    }

    /**
     * The department whose batches alone the caller may read; null: every department's.
     *
     * @throws AccessDeniedException {@code not-allowed-for-partner-type} for hospitals and insurance offices
     */
    public static Department batchOwner(Caller caller) {
        requireReader(caller);
        return caller.is(Caller.Type.DEPARTMENT) ? caller.department() : null;
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
        if (!(caller.internal() || caller.is(Caller.Type.DEPARTMENT) || caller.is(Caller.Type.OPERATOR))) {
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

package org.onestop.settlement.access;

import java.util.function.Function;
import org.onestop.events.Caller;
import org.onestop.events.InternalToken;

/**
 * The rules of docs/settlement-api.md "Who may call what", as the gateway's {@code AccessPolicy} states them at the
 * edge, checked again here so that a call reaching the service some other way (or a gateway bug) cannot touch another
 * partner's data. Pure: the controllers apply them, the services take the resulting filters into their queries.
 *
 * <ul>
 *   <li>a hospital: settlements of its own institution, and the person-years of persons it settled that year;</li>
 *   <li>an insurance office: applications and person-years of its area;</li>
 *   <li>departments and operators: none of this service's data.</li>
 * </ul>
 * Another's object is answered 404 exactly as an unknown one, so ids cannot be probed; a write naming another's
 * institution or region is 403, before anything is stored.
 */
public final class Access {

    /** What a caller asks to touch, as the gateway's scopes group it. */
    public enum Resource {
        /** settle, preview, cancel, read, statement ({@code settlement:*}): hospitals. */
        SETTLEMENTS(Caller.Type.HOSPITAL, null),
        /** a person's year ({@code persons:read}): hospitals and insurance offices. */
        PERSONS(Caller.Type.HOSPITAL, Caller.Type.INSURANCE_OFFICE),
        /** applications ({@code applications:*}): insurance offices. */
        APPLICATIONS(Caller.Type.INSURANCE_OFFICE, null),
        /** policy what-if runs and the books' export ({@code whatif:*}): insurance offices (the bureau's). */
        WHAT_IF(Caller.Type.INSURANCE_OFFICE, null);

        private final Caller.Type first;
        private final Caller.Type second;

        Resource(Caller.Type first, Caller.Type second) {
            this.first = first;
            this.second = second;
        }
    }

    private Access() {
    }

    /**
     * The caller a verified internal token names ({@code claim}: lookup by claim name, null when absent).
     *
     * @throws Caller.InvalidCallerException for an unknown partner type or department, and for a hospital without its
     *                                       institution or an insurance office without its area: such a caller's
     *                                       objects cannot be told from another's
     */
    public static Caller caller(Function<String, Object> claim) {
        Caller caller = Caller.fromClaims(claim);
        if (caller.is(Caller.Type.HOSPITAL) && caller.institution() == null) {
            throw new Caller.InvalidCallerException("hospital without " + InternalToken.INSTITUTION);
        }
        if (caller.is(Caller.Type.INSURANCE_OFFICE) && caller.regionPrefix() == null) {
            throw new Caller.InvalidCallerException("insurance office without " + InternalToken.REGION);
        }
        return caller;
    }

    /** @throws AccessDeniedException {@code not-allowed-for-partner-type} when the caller's type holds no scope on it */
    public static void require(Caller caller, Resource resource) {
        if (caller.is(resource.first) || caller.is(resource.second)) {
            return;
        }
        throw new AccessDeniedException("not-allowed-for-partner-type",
                "该类合作方无权调用此接口 (partner type " + caller.type().claim() + " may not call this)");
    }

    /** @throws AccessDeniedException {@code not-your-institution} when a hospital names another hospital */
    public static void requireInstitution(Caller caller, String hospitalId) {
        if (caller.is(Caller.Type.HOSPITAL) && !caller.isInstitution(hospitalId)) {
            throw new AccessDeniedException("not-your-institution",
                    "只能为本机构办理结算 (hospitalId must be the institution of the caller)");
        }
    }

    /** @throws AccessDeniedException {@code not-your-region} when an insurance office names a region outside its area */
    public static void requireRegion(Caller caller, String regionCode) {
        if (caller.is(Caller.Type.INSURANCE_OFFICE) && !caller.inRegion(regionCode)) {
            throw new AccessDeniedException("not-your-region", "超出本机构辖区 (regionCode is outside the area of the caller)");
        }
    }

    /** The hospital whose objects alone the caller sees; null: every hospital's. */
    public static String hospital(Caller caller) {
        return caller.is(Caller.Type.HOSPITAL) ? caller.institution() : null;
    }

    /** The region prefix ({@link Caller#regionPrefix()}) of the objects the caller alone sees; null: every region's. */
    public static String area(Caller caller) {
        return caller.is(Caller.Type.INSURANCE_OFFICE) ? caller.regionPrefix() : null;
    }
}

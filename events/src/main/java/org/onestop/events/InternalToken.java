package org.onestop.events;

import java.time.Duration;
import java.util.List;

/**
 * The internal token: how the gateway tells a service who is calling (docs/security.md, "Internal token"). A JWT, RS256,
 * {@code kid} in its header, signed with the gateway's <em>internal</em> key (not the key of partner tokens), and
 * verified by the service against the gateway's published internal JWK set. A service derives its {@link Caller} from
 * these claims alone; no header of the request says anything about the caller.
 *
 * <ul>
 *   <li>{@code iss} = {@link #ISSUER}; {@code aud} = the target service ({@link #AUDIENCES}), one audience only;</li>
 *   <li>{@code sub} = the partner's client id; {@link #PARTNER_TYPE}, and where they apply {@link #INSTITUTION},
 *       {@link #DEPARTMENT}, {@link #REGION};</li>
 *   <li>{@code iat}, {@code exp} (at most {@link #MAX_LIFETIME} after {@code iat}), {@code jti}.</li>
 * </ul>
 * Services allow at most {@link #CLOCK_SKEW} of clock difference on {@code exp}/{@code nbf}.
 */
public final class InternalToken {

    public static final String ISSUER = "onestop-gateway";

    public static final String IDENTITY_SERVICE = "identity-service";
    public static final String SETTLEMENT_SERVICE = "settlement-service";
    public static final String ENROLLMENT_SERVICE = "enrollment-service";
    public static final String MONITORING_SERVICE = "monitoring-service";
    public static final List<String> AUDIENCES = List.of(IDENTITY_SERVICE, SETTLEMENT_SERVICE, ENROLLMENT_SERVICE,
            MONITORING_SERVICE);

    /** {@link Caller.Type#claim()}: {@code hospital}, {@code department}, {@code insurance-office}, {@code operator}. */
    public static final String PARTNER_TYPE = "partner_type";
    /** The hospital's 定点医疗机构编码 (hospitals only). */
    public static final String INSTITUTION = "institution";
    /** {@link Department#name()} (departments only). */
    public static final String DEPARTMENT = "department";
    /** The partner's 6-digit GB/T 2260 area; absent for operators. */
    public static final String REGION = "region";

    public static final Duration MAX_LIFETIME = Duration.ofSeconds(60);
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private InternalToken() {
    }
}

package org.onestop.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An early warning of poverty caused by illness (因病致贫返贫预警) and what became of it, as published by
 * monitoring-service on {@code monitoring.alert.v1} (Kafka key = {@link #personRef}, {@code ce_type} = {@value #CE_TYPE},
 * {@code ce_id} = {@link #eventId}). Never carries the raw ID number or a name.
 *
 * <p>A warning is raised at most once per person, year and line; {@link Kind#RESOLVED} follows when a department it
 * was routed to grants the person an identity. Amounts are yuan as decimal strings with two decimals.
 *
 * @param eventId        equal to {@code ce_id}; never null
 * @param kind           RAISED | RESOLVED; never null
 * @param warningId      the warning (stable across its events); never null
 * @param personRef      64 lowercase hex (= key); never null
 * @param regionCode     the policy region (GB/T 2260, e.g. {@code 210000}); never null
 * @param policyVersion  the policy file whose line applied (e.g. {@code liaoning-2023})
 * @param year           the natural year of the burden
 * @param lineId         the line's id in the policy file (e.g. {@code relapse})
 * @param lineName       the line's Chinese name
 * @param clause         the clause the line cites
 * @param burdenBasis    AFTER_INSURANCE | AFTER_ASSISTANCE: which burden the line measures
 * @param threshold      the line in yuan ({@code 0.00} for populations always in scope)
 * @param burden         the measured cumulative burden of the year when the warning was raised
 * @param composition    the measured burden by visit type ({@code INPATIENT}, {@code CHRONIC_OUTPATIENT}, …) — the
 *                       cost breakdown Liaoning (七) asks the warning to carry
 * @param identityTypes  the identities the person held on {@link #asOf}
 * @param departments    who is told ({@code CIVIL_AFFAIRS}, {@code RURAL_REVITALIZATION})
 * @param asOf           the discharge date of the settlement that crossed the line
 * @param maskedIdNumber display only (from identity events, {@link ResidentIdNumber#mask()}); null when no identity
 *                       event has named the person. No birth date travels beside it (docs/security.md).
 * @param householdRef   from identity events; may be null
 * @param resolvedBy     RESOLVED: the identity event that resolved it; otherwise null
 * @param resolution     RESOLVED: the identity type granted and by which department (e.g. {@code CIVIL_AFFAIRS:DIBAO})
 * @param recordedAt     when monitoring-service committed it; never null
 */
public record MonitoringAlert(
        UUID eventId,
        Kind kind,
        UUID warningId,
        String personRef,
        String regionCode,
        String policyVersion,
        int year,
        String lineId,
        String lineName,
        String clause,
        String burdenBasis,
        String threshold,
        String burden,
        Map<String, String> composition,
        List<String> identityTypes,
        List<String> departments,
        LocalDate asOf,
        String maskedIdNumber,
        String householdRef,
        UUID resolvedBy,
        String resolution,
        Instant recordedAt) {

    /** The CloudEvents type of this event, version 1 (= {@code Topics.MONITORING_ALERT.ceType()}). */
    public static final String CE_TYPE = "org.onestop.monitoring.alert.v1";
    /** The CloudEvents source monitoring-service writes. */
    public static final String CE_SOURCE = "/onestop/monitoring-service";

    public enum Kind { RAISED, RESOLVED }

    public MonitoringAlert {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(warningId, "warningId");
        Objects.requireNonNull(regionCode, "regionCode");
        Objects.requireNonNull(recordedAt, "recordedAt");
        if (!PersonRef.isValid(personRef)) {
            throw new IllegalArgumentException("personRef must be 64 lowercase hex characters");
        }
        maskedIdNumber = ResidentIdNumber.remask(maskedIdNumber);
        composition = composition == null ? Map.of() : Map.copyOf(composition);
        identityTypes = identityTypes == null ? List.of() : List.copyOf(identityTypes);
        departments = departments == null ? List.of() : List.copyOf(departments);
    }
}

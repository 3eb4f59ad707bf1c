package org.onestop.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/**
 * A partner department's accepted identity change, as published on {@code identity.changed.v1}
 * (Kafka key = {@link #personRef}, {@code ce_type} = {@value #CE_TYPE}, {@code ce_id} = {@link #eventId}).
 *
 * <p>Never carries the raw ID number or the name. Consumers dedupe by {@code eventId}; one person's events
 * arrive in the order they were recorded.
 *
 * @param eventId             unique per event, equal to the {@code ce_id} header; never null
 * @param personRef           lowercase hex HMAC-SHA256 of the ID number (64 chars); never null
 * @param regionCode          6-digit GB/T 2260 code of the region that determined the identity; never null
 * @param department          the pushing department; never null
 * @param identityType        the identity category; never null
 * @param change              what happened; never null
 * @param periodId            the identity period this event opens, closes or (for corrections) creates; never null
 * @param validFrom           first day the identity applies (inclusive); never null
 * @param validTo             last day the identity applies (inclusive); null = open-ended
 * @param supersedesPeriodId  for {@link ChangeKind#CORRECTION}: the period replaced; otherwise null
 * @param departmentReference the department's reference for the batch or record; may be null
 * @param batchId             the identity-service batch that carried the change; never null
 * @param recordedAt          when identity-service stored the change (UTC); never null
 * @param maskedIdNumber      display only: {@link ResidentIdNumber#mask()} (first 6 + 11 {@code *} + check character);
 *                            never null. No birth date travels beside it (docs/security.md, "What a mask leaves").
 * @param householdRef        personRef of the household head; null when unknown or the person is the head
 */
public record IdentityChanged(
        UUID eventId,
        String personRef,
        String regionCode,
        Department department,
        IdentityType identityType,
        ChangeKind change,
        UUID periodId,
        LocalDate validFrom,
        LocalDate validTo,
        UUID supersedesPeriodId,
        String departmentReference,
        UUID batchId,
        Instant recordedAt,
        String maskedIdNumber,
        String householdRef) {

    /** The CloudEvents type of this event, version 1. */
    public static final String CE_TYPE = "org.onestop.identity.changed.v1";
    /** The CloudEvents source identity-service writes. */
    public static final String CE_SOURCE = "/onestop/identity-service";

    public IdentityChanged {
        Objects.requireNonNull(eventId, "eventId");
        if (!PersonRef.isValid(personRef)) {
            throw new IllegalArgumentException("personRef must be 64 lowercase hex characters");
        }
        Objects.requireNonNull(regionCode, "regionCode");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(identityType, "identityType");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(periodId, "periodId");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(maskedIdNumber, "maskedIdNumber");
        // Records published before the mask hid the sequence are read in today's shape.
        maskedIdNumber = ResidentIdNumber.remask(maskedIdNumber);
        if (householdRef != null && !PersonRef.isValid(householdRef)) {
            throw new IllegalArgumentException("householdRef must be 64 lowercase hex characters");
        }
    }

    /** True when the identity applies on {@code date} per this event's period bounds (inclusive). */
    public boolean validOn(LocalDate date) {
        return !date.isBefore(validFrom) && (validTo == null || !date.isAfter(validTo));
    }
}

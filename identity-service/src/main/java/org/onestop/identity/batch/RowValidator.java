package org.onestop.identity.batch;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.onestop.events.ChangeKind;
import org.onestop.events.Department;
import org.onestop.events.IdentityType;
import org.onestop.events.ResidentIdNumber;
import org.onestop.identity.person.PersonRefs;

/**
 * The checks a row passes on its own, without the database: ID number, type ownership, region, dates.
 * Pure: the same row, department and day always give the same answer.
 */
final class RowValidator {

    private final Department department;
    private final LocalDate today;
    private final int maxStartAheadDays;
    private final List<String> regionPrefixes;
    private final PersonRefs personRefs;

    RowValidator(Department department, LocalDate today, int maxStartAheadDays, List<String> regionPrefixes,
            PersonRefs personRefs) {
        this.department = department;
        this.today = today;
        this.maxStartAheadDays = maxStartAheadDays;
        this.regionPrefixes = regionPrefixes;
        this.personRefs = personRefs;
    }

    /** Either a {@link ValidRow} or the first reason the row fails. */
    sealed interface Outcome permits Valid, Invalid {
    }

    record Valid(ValidRow row) implements Outcome {
    }

    /** {@code maskedId} and {@code personRef} are filled when the number itself was valid. */
    record Invalid(IdentityRecord source, RowReason reason, String maskedId, String personRef) implements Outcome {
    }

    Outcome validate(IdentityRecord r) {
        if (r.parseProblem() != null) {
            return new Invalid(r, r.parseProblem(), null, null);
        }
        Optional<ResidentIdNumber.Problem> idProblem = ResidentIdNumber.check(r.idNumber(), today);
        if (idProblem.isPresent()) {
            return new Invalid(r, IdNumberHints.hint(r.idNumber()).orElse(RowReason.valueOf(idProblem.get().code())),
                    null, null);
        }
        ResidentIdNumber id = ResidentIdNumber.of(r.idNumber(), today);
        String personRef = personRefs.value(id);
        String masked = id.mask();

        String householdRef = null;
        if (r.householdHeadIdNumber() != null && !r.householdHeadIdNumber().isBlank()) {
            if (ResidentIdNumber.check(r.householdHeadIdNumber(), today).isPresent()) {
                return new Invalid(r, RowReason.HOUSEHOLD_HEAD_ID_INVALID, masked, personRef);
            }
            ResidentIdNumber head = ResidentIdNumber.of(r.householdHeadIdNumber(), today);
            householdRef = head.equals(id) ? null : personRefs.value(head);
        }
        if (r.name() == null || r.name().isBlank()) {
            return new Invalid(r, RowReason.NAME_MISSING, masked, personRef);
        }
        Optional<IdentityType> type = IdentityType.parse(r.identityType());
        if (type.isEmpty()) {
            return new Invalid(r, RowReason.UNKNOWN_TYPE, masked, personRef);
        }
        if (!department.mayPush(type.get())) {
            return new Invalid(r, RowReason.TYPE_NOT_OWNED, masked, personRef);
        }
        if (!regionKnown(r.regionCode())) {
            return new Invalid(r, RowReason.REGION_UNKNOWN, masked, personRef);
        }
        Optional<ChangeKind> change = ChangeKind.parse(r.change());
        if (change.isEmpty()) {
            return new Invalid(r, RowReason.UNKNOWN_CHANGE, masked, personRef);
        }
        if (r.startDate() == null || r.startDate().isBlank()) {
            return new Invalid(r, RowReason.DATE_MISSING, masked, personRef);
        }
        LocalDate start = DateText.parse(r.startDate());
        if (start == null) {
            return new Invalid(r, RowReason.DATE_INVALID, masked, personRef);
        }
        LocalDate end = null;
        if (r.endDate() != null && !r.endDate().isBlank()) {
            end = DateText.parse(r.endDate());
            if (end == null) {
                return new Invalid(r, RowReason.DATE_INVALID, masked, personRef);
            }
            if (end.isBefore(start)) {
                return new Invalid(r, change.get().closes() ? RowReason.EXIT_BEFORE_START : RowReason.END_BEFORE_START,
                        masked, personRef);
            }
        }
        if (start.isAfter(today.plusDays(maxStartAheadDays))) {
            return new Invalid(r, RowReason.START_TOO_FAR_AHEAD, masked, personRef);
        }
        return new Valid(new ValidRow(r, id, personRef, householdRef, type.get(), change.get(),
                r.regionCode().strip(), start, end));
    }

    boolean regionKnown(String code) {
        if (code == null) {
            return false;
        }
        String c = code.strip();
        if (c.length() != 6 || !c.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return false;
        }
        return regionPrefixes.stream().anyMatch(c::startsWith);
    }
}

package org.onestop.enrollment.subsidy;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.onestop.events.EnrollmentSubsidyChanged;
import org.onestop.policy.Money;

/** A decided change in its published form. */
final class SubsidyEvents {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(PersonEnrollment.ZONE);

    private SubsidyEvents() {
    }

    static EnrollmentSubsidyChanged of(SubsidyChange c) {
        YearDecision d = c.decision();
        boolean withdrawn = c.change() == EnrollmentSubsidyChanged.Change.WITHDRAWN;
        return new EnrollmentSubsidyChanged(c.eventId(), c.personRef(), c.change(), d.year(), d.regionCode(),
                d.policyRegion(), d.policyVersion(), d.identityType(), d.kind().name(), d.contribution().toString(),
                c.amount().toString(), yuan(d.provinceAmount()), yuan(d.countyAmount()), yuan(c.refund()),
                withdrawn ? null : d.benefitFrom(), d.subsidizedUntil(), c.reason(), d.clause(), c.causedBy(),
                c.decidedAt(), c.maskedId());
    }

    /** The tax list's month of a decision: its calendar month in China. */
    static String month(Instant at) {
        return MONTH.format(at);
    }

    private static String yuan(Money m) {
        return m == null ? null : m.toString();
    }
}

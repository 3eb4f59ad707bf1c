package org.onestop.policy;

import java.time.LocalDate;

/**
 * When an identity's benefits start and stop relative to the dates the department pushed.
 * Most texts: from the day of determination (inclusive) until the exit date. Yantai 二(二): from the
 * month after being added, until the month after the exit.
 */
record IdentityTiming(Edge start, Edge end, String clause) {

    enum Edge { SAME_DAY, EXIT_DAY, NEXT_MONTH }

    LocalDate effectiveFrom(IdentityPeriod p) {
        return start == Edge.NEXT_MONTH ? p.from().withDayOfMonth(1).plusMonths(1) : p.from();
    }

    /** Exclusive end, or null while open. */
    LocalDate effectiveUntil(IdentityPeriod p) {
        if (p.until() == null) {
            return null;
        }
        return end == Edge.NEXT_MONTH ? p.until().withDayOfMonth(1).plusMonths(1) : p.until();
    }

    boolean covers(IdentityPeriod p, LocalDate day) {
        LocalDate from = effectiveFrom(p);
        LocalDate until = effectiveUntil(p);
        return !day.isBefore(from) && (until == null || day.isBefore(until));
    }
}

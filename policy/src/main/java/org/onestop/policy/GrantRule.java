package org.onestop.policy;

import java.time.LocalDate;

/**
 * How an approved application (依申请) turns into the window of discharges it covers.
 * Yantai 三(七): from the month 12 months before the application month to the end of the
 * application's natural year. Liaoning 八: the 12 months before the application day (one-time).
 * Jiujiang 倾斜救助: the application's natural year.
 *
 * @param windowClause the clause that sets the window (the look-back's citation where the file gives one)
 */
record GrantRule(String kind, String name, String clause, Window window, int lookbackMonths, String windowClause,
                 boolean oncePerYear) {

    enum Window { APPLICATION_YEAR, MONTHS_BEFORE_APPLICATION_MONTH_TO_YEAR_END, MONTHS_BEFORE_APPLICATION_DAY }

    LocalDate from(Grant g) {
        LocalDate app = g.applicationDate();
        return switch (window) {
            case APPLICATION_YEAR -> app.withDayOfYear(1);
            case MONTHS_BEFORE_APPLICATION_MONTH_TO_YEAR_END -> app.withDayOfMonth(1).minusMonths(lookbackMonths);
            case MONTHS_BEFORE_APPLICATION_DAY -> app.minusMonths(lookbackMonths);
        };
    }

    /** Exclusive end of the window. */
    LocalDate until(Grant g) {
        LocalDate app = g.applicationDate();
        return switch (window) {
            case APPLICATION_YEAR, MONTHS_BEFORE_APPLICATION_MONTH_TO_YEAR_END -> app.withDayOfYear(1).plusYears(1);
            case MONTHS_BEFORE_APPLICATION_DAY -> app;
        };
    }

    /** The window of {@code g} as explained on the layers it feeds (inclusive end). */
    LayerWindow windowOf(Grant g) {
        return new LayerWindow(from(g), until(g).minusDays(1), windowClause);
    }

    boolean covers(Grant g, LocalDate day) {
        return !day.isBefore(from(g)) && day.isBefore(until(g));
    }
}

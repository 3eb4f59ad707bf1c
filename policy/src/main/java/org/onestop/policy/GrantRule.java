package org.onestop.policy;

import java.time.LocalDate;

/**
 * How an approved application (依申请) turns into the window of discharges it covers.
 * Yantai 三(七): from the month 12 months before the application month to the end of the
 * application's natural year. Liaoning 八: the 12 months before the application day (one-time).
 * Jiujiang 倾斜救助: the application's natural year.
 *
 * @param windowClause the clause that sets the window (the look-back's citation where the file gives one)
 * @param determinedBy identity type whose pushed period is itself the determination (Yantai 二(一) "名单由民政部门提供",
 *                     三(七) "经民政部门认定"): its start date counts as the application date; null where the region
 *                     honours the grant only on an application registered by an insurance office
 * @param determinedByClause the clause that makes the pushed identity the determination, or null
 */
record GrantRule(String kind, String name, String clause, Window window, int lookbackMonths, String windowClause,
                 boolean oncePerYear, String determinedBy, String determinedByClause) {

    /** The id of the grant a pushed identity period stands for; its ledger scope is {@code grant:<id>}. */
    static String determinationId(IdentityPeriod p) {
        return p.type() + "@" + p.from();
    }

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

package org.onestop.enrollment.subsidy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Read side: a person-year's history and the tax bureau's monthly list, straight from the tables. */
@Component
public class EnrollmentQueries {

    /**
     * One row of the tax list (and of a person-year's history). Amounts in yuan as decimal strings with two decimals
     * ({@code "280.00"}), as everywhere on the wire: JSON numbers would lose the scale and invite binary floating point.
     */
    public record SubsidyRow(long seq, UUID eventId, String personRef, String maskedIdNumber, int year, String change,
            String regionCode, String policyRegion, String identityType, String subsidyKind, String contribution,
            String amount, String provinceAmount, String countyAmount, String refund, LocalDate benefitFrom,
            LocalDate subsidizedUntil, String reason, String clause, UUID causedBy, OffsetDateTime decidedAt) {
    }

    /** A person-year: the current decision, the reported payment and every change announced, oldest first. */
    public record PersonYear(String personRef, String maskedIdNumber, int year, Map<String, Object> decision,
            Map<String, Object> contribution, List<SubsidyRow> history) {
    }

    private final DatabaseClient db;

    EnrollmentQueries(DatabaseClient db) {
        this.db = db;
    }

    public Mono<PersonYear> personYear(String personRef, int year) {
        Mono<Map<String, Object>> person = db.sql("select masked_id from person where person_ref = $1").bind(0, personRef)
                .map((row, meta) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("maskedId", row.get("masked_id", String.class));
                    return m;
                }).one().defaultIfEmpty(Map.of());
        Mono<Map<String, Object>> decision = db.sql("""
                select status, reason, region_code, policy_region, policy_version, identity_type, subsidy_kind, contribution,
                       amount, province_amount, county_amount, refund, benefit_from, subsidized_until, clause, updated_at
                from person_year where person_ref = $1 and year = $2""")
                .bind(0, personRef).bind(1, year)
                .map((row, meta) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (String c : List.of("status", "reason", "region_code", "policy_region", "policy_version",
                            "identity_type", "subsidy_kind", "contribution", "amount", "province_amount", "county_amount",
                            "refund", "benefit_from", "subsidized_until", "clause", "updated_at")) {
                        Object v = row.get(c);
                        if (v != null) {
                            m.put(camel(c), v instanceof BigDecimal d ? money(d)
                                    : v instanceof LocalDate || v instanceof OffsetDateTime ? v.toString() : v);
                        }
                    }
                    return m;
                }).one().defaultIfEmpty(Map.of());
        Mono<Map<String, Object>> paid = db.sql("select amount, paid_on, reported_at from contribution where person_ref = $1 and year = $2")
                .bind(0, personRef).bind(1, year)
                .map((row, meta) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("amount", money(row.get("amount", BigDecimal.class)));
                    m.put("paidOn", row.get("paid_on", LocalDate.class).toString());
                    m.put("reportedAt", row.get("reported_at", OffsetDateTime.class).toInstant().toString());
                    return m;
                }).one().defaultIfEmpty(Map.of());
        Mono<List<SubsidyRow>> history = rows("where person_ref = $1 and year = $2 order by seq", personRef, year).collectList();
        return Mono.zip(person, decision, paid, history).flatMap(t -> {
            if (t.getT2().isEmpty() && t.getT3().isEmpty() && t.getT4().isEmpty()) {
                return Mono.empty();
            }
            return Mono.just(new PersonYear(personRef, (String) t.getT1().get("maskedId"), year,
                    t.getT2().isEmpty() ? null : t.getT2(), t.getT3().isEmpty() ? null : t.getT3(), t.getT4()));
        });
    }

    /**
     * The region codes held for the person-year, as {@link PersonEnrollment#regionsFor} defines them: the decision's
     * payer region, or when the year names none, the regions of every identity period recorded for the person.
     */
    public Mono<List<String>> regionsOf(String personRef, int year) {
        return db.sql("""
                select region_code from person_year where person_ref = $1 and year = $2 and region_code is not null
                union
                select region_code from identity_period where person_ref = $1
                  and not exists (select 1 from person_year
                                  where person_ref = $1 and year = $2 and region_code is not null)""")
                .bind(0, personRef).bind(1, year)
                .map((row, meta) -> row.get("region_code", String.class))
                .all().collectList();
    }

    /** The region's changes decided in the month, in the order they were decided; streamed from the database. */
    public Flux<SubsidyRow> taxList(String policyRegion, String month) {
        return rows("where policy_region = $1 and month = $2 order by seq", policyRegion, month);
    }

    private Flux<SubsidyRow> rows(String where, Object a, Object b) {
        return db.sql("select * from subsidy_event " + where).bind(0, a).bind(1, b)
                .map((row, meta) -> new SubsidyRow(row.get("seq", Long.class), row.get("event_id", UUID.class),
                        row.get("person_ref", String.class), row.get("masked_id", String.class), row.get("year", Integer.class),
                        row.get("change", String.class), row.get("region_code", String.class),
                        row.get("policy_region", String.class), row.get("identity_type", String.class),
                        row.get("subsidy_kind", String.class), money(row.get("contribution", BigDecimal.class)),
                        money(row.get("amount", BigDecimal.class)), money(row.get("province_amount", BigDecimal.class)),
                        money(row.get("county_amount", BigDecimal.class)), money(row.get("refund", BigDecimal.class)),
                        row.get("benefit_from", LocalDate.class), row.get("subsidized_until", LocalDate.class),
                        row.get("reason", String.class), row.get("clause", String.class), row.get("caused_by", UUID.class),
                        row.get("decided_at", OffsetDateTime.class)))
                .all();
    }

    /** Yuan as a decimal string with exactly two decimals ({@code numeric(12,2)} already has them; never exponent form). */
    static String money(BigDecimal v) {
        return v == null ? null : v.setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    private static String camel(String snake) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }
}

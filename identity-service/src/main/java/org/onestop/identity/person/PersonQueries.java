package org.onestop.identity.person;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.onestop.identity.access.PartnerAccess.Visibility;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The questions other services ask about a person: who they are (masked) and what they hold on a date. Each takes a
 * {@link Visibility}: null for everything (internal callers, the SQL they always ran), else only records of the
 * visible types inside the area, filtered in SQL with bound parameters.
 */
@Component
public class PersonQueries {

    /**
     * A person as shown outside: never the raw number, and of the birth date only the year, because the full date
     * beside the mask would narrow the number to ~91 candidates (ResidentIdNumber.mask(), docs/security.md).
     */
    public record Person(String personRef, String maskedIdNumber, int birthYear, String householdRef) {
    }

    /**
     * One identity period in the current view.
     *
     * @param validTo inclusive last day; null = open
     */
    public record Identity(UUID periodId, String identityType, String department, String regionCode,
            LocalDate validFrom, LocalDate validTo) {
    }

    /** One pushed fact, with who pushed it and when. */
    public record Fact(long seq, UUID periodId, String identityType, String department, String change,
            LocalDate validFrom, LocalDate validTo, UUID supersedesPeriodId, UUID batchId, String recordReference,
            OffsetDateTime recordedAt) {
    }

    private final DatabaseClient db;

    PersonQueries(DatabaseClient db) {
        this.db = db;
    }

    /** The person, or empty when unknown or (under {@code visibility}) holding no record the caller may see. */
    public Mono<Person> person(String personRef, Visibility visibility) {
        String sql = "select person_ref, masked_id, birth_year, household_ref from person where person_ref = $1";
        if (visibility != null) {
            sql += " and exists (select 1 from identity_fact f where f.person_ref = $1" + visible("f.", 2) + ")";
        }
        return bind(db.sql(sql).bind(0, personRef), 1, visibility)
                .map((row, meta) -> {
                    // the stored mask and birth year: the encrypted number is never read to answer
                    return new Person(row.get("person_ref", String.class), row.get("masked_id", String.class),
                            row.get("birth_year", Short.class), row.get("household_ref", String.class));
                })
                .one();
    }

    /** Identities valid on {@code on} (both period bounds inclusive), corrections applied. */
    public Flux<Identity> identitiesOn(String personRef, LocalDate on, Visibility visibility) {
        String sql = """
                select period_id, identity_type, department, region_code, valid_from, valid_to from identity_period
                where person_ref = $1 and superseded_by is null and valid_from <= $2
                  and (valid_to is null or valid_to >= $2)""" + (visibility == null ? "" : visible("", 3))
                + " order by valid_from, identity_type";
        return bind(db.sql(sql).bind(0, personRef).bind(1, on), 2, visibility)
                .map((row, meta) -> new Identity(row.get("period_id", UUID.class), row.get("identity_type", String.class),
                        row.get("department", String.class), row.get("region_code", String.class),
                        row.get("valid_from", LocalDate.class), row.get("valid_to", LocalDate.class)))
                .all();
    }

    /** Everything ever pushed about the person, oldest first. */
    public Flux<Fact> history(String personRef, Visibility visibility) {
        String filter = visibility == null ? "" : visible("", 2);
        return bind(db.sql("select * from identity_fact where person_ref = $1" + filter + " order by seq")
                .bind(0, personRef), 1, visibility)
                .map((row, meta) -> new Fact(row.get("seq", Long.class), row.get("period_id", UUID.class),
                        row.get("identity_type", String.class), row.get("department", String.class),
                        row.get("change", String.class), row.get("valid_from", LocalDate.class),
                        row.get("valid_to", LocalDate.class), row.get("supersedes_period_id", UUID.class),
                        row.get("batch_id", UUID.class), row.get("record_reference", String.class),
                        row.get("recorded_at", OffsetDateTime.class)))
                .all();
    }

    /**
     * The visibility condition on a row of {@code identity_fact} / {@code identity_period} (columns prefixed by
     * {@code alias}), its two values bound as {@code $param} (type codes) and {@code $param+1} (region prefix). Stored
     * region codes are 6 digits (rows are rejected otherwise), so a prefix test is {@code Caller.inRegion}.
     */
    private static String visible(String alias, int param) {
        return " and " + alias + "identity_type = any($" + param + ") and starts_with(" + alias + "region_code, $"
                + (param + 1) + ")";
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, int index,
            Visibility visibility) {
        if (visibility == null) {
            return spec;
        }
        return spec.bind(index, visibility.identityTypes().toArray(String[]::new)).bind(index + 1, visibility.regionPrefix());
    }
}

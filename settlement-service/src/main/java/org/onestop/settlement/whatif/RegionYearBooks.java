package org.onestop.settlement.whatif;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.onestop.settlement.book.Entry;
import org.onestop.settlement.book.PersonBook;
import org.onestop.settlement.book.RegionGrant;
import org.onestop.settlement.settle.BookStore;
import org.onestop.whatif.PersonHistory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The books a what-if of a region-year replays, read exactly as the settlement books load them ({@link BookStore}: the
 * surviving settlements, the identities and approved grants known now), whole: a person-year is replayed within the
 * person's whole book. Reads only, without locks: a settlement committed during a run is in it or not, per chunk.
 */
@Component
class RegionYearBooks {

    private final DatabaseClient db;
    private final BookStore books;

    RegionYearBooks(DatabaseClient db, BookStore books) {
        this.db = db;
        this.books = books;
    }

    /** The persons with a surviving settlement of the policy region discharged in the year, in personRef order. */
    Mono<List<String>> persons(String region, int year) {
        return db.sql("""
                select distinct person_ref from settlement where policy_region = $1 and status = 'SETTLED'
                and discharge_date >= $2 and discharge_date < $3 order by person_ref""")
                .bind(0, region).bind(1, LocalDate.of(year, 1, 1)).bind(2, LocalDate.of(year + 1, 1, 1))
                .map((row, meta) -> row.get(0, String.class)).all().collectList();
    }

    /** The persons' whole books, in the order given. */
    Mono<List<PersonHistory>> histories(Collection<String> personRefs) {
        return books.loadAll(personRefs).map(loaded -> {
            List<PersonHistory> out = new ArrayList<>(loaded.size());
            loaded.values().forEach(b -> out.add(history(b)));
            return out;
        });
    }

    static PersonHistory history(PersonBook book) {
        List<PersonHistory.Granted> grants = new ArrayList<>(book.grants().size());
        for (RegionGrant g : book.grants()) {
            grants.add(new PersonHistory.Granted(g.policyRegion(), g.grant()));
        }
        List<PersonHistory.Booked> entries = new ArrayList<>(book.entries().size());
        for (Entry e : book.entries()) {
            entries.add(new PersonHistory.Booked(e.settlementId().toString(), e.seq(), e.discharge()));
        }
        return new PersonHistory(book.personRef(), book.identities(), grants, entries);
    }
}

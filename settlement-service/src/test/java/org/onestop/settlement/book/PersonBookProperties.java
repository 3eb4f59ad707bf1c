package org.onestop.settlement.book;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.onestop.policy.Discharge;
import org.onestop.policy.Grant;
import org.onestop.policy.IdentityPeriod;
import org.onestop.policy.Layer;
import org.onestop.policy.Ledger;
import org.onestop.policy.Money;
import org.onestop.policy.PersonContext;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.Settlement;
import org.onestop.policy.UpstreamInsurance;

/**
 * The replay invariant (ARCHITECTURE "Consistency"), through the service's own book: after any sequence of
 * settlements, cancellations, identity changes and grant approvals, what was paid on each surviving settlement
 * (original + adjustments, summed from the payment lines the book emitted) equals a fresh replay of the surviving
 * discharges in discharge order, computed here independently with the engine; and a cancelled settlement nets to zero.
 */
class PersonBookProperties {

    static final PolicyCatalog CATALOG = PolicyCatalog.loadDefault();
    /** The book's owner and the hospital of its settlements: only the events name them. */
    static final String PERSON = "a".repeat(64);
    static final String HOSPITAL = "H36040200001";
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    /**
     * One region per run, with the kind it grants on application: Jiujiang's tilted assistance (a look-back window
     * before identification, 三(三)2(5)), Yantai's and Liaoning's illness-poor grants (windows that span two years).
     */
    record Region(String code, String policyRegion, String grantKind) {
    }

    static final Region JIUJIANG = new Region("360402", "360400", "TILTED");
    static final Region YANTAI = new Region("370602", "370600", "ILLNESS_POOR");
    static final Region LIAONING = new Region("210102", "210000", "ILLNESS_POOR");
    static final List<String> TYPES = List.of("TEKUN", "DIBAO", "RETURNED_TO_POVERTY", "DIBAO_MARGINAL", "UNSTABLE_LIFTED", "ILLNESS_POOR");
    static final LocalDate START = LocalDate.parse("2024-01-01");

    sealed interface Op permits Settle, Cancel, AddIdentity, DropIdentity, Approve {
    }

    record Settle(int day, long burdenFen, long outFen, boolean computed, int visit) implements Op {
    }

    record Cancel(int pick) implements Op {
    }

    record AddIdentity(int type, int fromDay, int length) implements Op {
    }

    record DropIdentity(int pick) implements Op {
    }

    record Approve(int day) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<Op> settle = Combinators.combine(Arbitraries.integers().between(0, 729), Arbitraries.longs().between(0, 8_000_000),
                Arbitraries.longs().between(0, 300_000), Arbitraries.of(true, false), Arbitraries.integers().between(0, 2))
                .as(Settle::new);
        Arbitrary<Op> cancel = Arbitraries.integers().between(0, 1000).map(Cancel::new);
        Arbitrary<Op> add = Combinators.combine(Arbitraries.integers().between(0, TYPES.size() - 1), Arbitraries.integers().between(-100, 729),
                Arbitraries.integers().between(0, 800)).as(AddIdentity::new);
        Arbitrary<Op> drop = Arbitraries.integers().between(0, 1000).map(DropIdentity::new);
        Arbitrary<Op> approve = Arbitraries.integers().between(0, 729).map(Approve::new);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, settle), net.jqwik.api.Tuple.of(2, cancel), net.jqwik.api.Tuple.of(3, add),
                        net.jqwik.api.Tuple.of(1, drop), net.jqwik.api.Tuple.of(1, approve))
                .list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<Region> regions() {
        return Arbitraries.of(JIUJIANG, YANTAI, LIAONING);
    }

    @Property(tries = 400)
    void paidPlusAdjustmentsEqualsAFreshReplayAfterAnySequence(@ForAll("sequences") List<Op> ops, @ForAll("regions") Region region) {
        PersonBook book = PersonBook.empty(CATALOG, PERSON);
        Map<UUID, EnumMap<Layer, Money>> paid = new HashMap<>();
        Map<UUID, Long> seqOf = new LinkedHashMap<>();
        Map<UUID, Discharge> discharges = new LinkedHashMap<>();
        List<UUID> cancelled = new ArrayList<>();
        long seq = 0;
        // the person's ledger snapshot as the service stores it (text amounts) after each change
        org.onestop.policy.Ledger snapshot = org.onestop.policy.Ledger.EMPTY;
        for (Op op : ops) {
            PersonBook.Outcome outcome = null;
            if (op instanceof Settle s) {
                    UUID id = UUID.randomUUID();
                    Discharge d = discharge(region, s);
                    outcome = book.settle(id, ++seq, d, HOSPITAL, "ref-" + seq, NOW);
                    Entry added = new Entry(id, seq, d, Map.of());
                    if (book.entries().stream().allMatch(e -> Entry.ORDER.compare(e, added) < 0)) {
                        // the incremental path: the latest discharge settled on the snapshot gives the replay's answer
                        PersonBook.Outcome incremental = book.settleAfter(snapshot, id, seq, d, HOSPITAL, "ref-" + seq, NOW);
                        assertThat(incremental.settled()).isEqualTo(outcome.settled());
                        assertThat(incremental.payments()).isEqualTo(outcome.payments());
                        assertThat(incremental.replay().ledger()).isEqualTo(outcome.replay().ledger());
                    }
                    seqOf.put(id, seq);
                    discharges.put(id, d);
            } else if (op instanceof Cancel c) {
                    if (!book.entries().isEmpty()) {
                        UUID id = book.entries().get(c.pick() % book.entries().size()).settlementId();
                        outcome = book.cancel(id, NOW);
                        cancelled.add(id);
                    }
            } else if (op instanceof AddIdentity a) {
                    List<IdentityPeriod> ids = new ArrayList<>(book.identities());
                    LocalDate from = START.plusDays(a.fromDay());
                    ids.add(new IdentityPeriod(TYPES.get(a.type()), from, a.length() > 700 ? null : from.plusDays(a.length())));
                    outcome = book.withContext(ids, book.grants()).reconcile("IDENTITY_CHANGED", null, NOW);
            } else if (op instanceof DropIdentity d) {
                    if (!book.identities().isEmpty()) {
                        List<IdentityPeriod> ids = new ArrayList<>(book.identities());
                        ids.remove(d.pick() % ids.size());
                        outcome = book.withContext(ids, book.grants()).reconcile("IDENTITY_CHANGED", null, NOW);
                    }
            } else if (op instanceof Approve a) {
                    List<RegionGrant> grants = new ArrayList<>(book.grants());
                    grants.add(new RegionGrant(region.policyRegion(), new Grant("g" + grants.size(), region.grantKind(), START.plusDays(a.day()))));
                    outcome = book.withContext(book.identities(), grants).reconcile("GRANT_APPROVED", null, NOW);
            }
            if (outcome == null) {
                continue;
            }
            checkEvents(outcome, seqOf);
            for (Payment p : outcome.payments()) {
                paid.computeIfAbsent(p.settlementId(), k -> new EnumMap<>(Layer.class)).merge(p.layer(), p.amount(), Money::plus);
            }
            book = outcome.book();
            Map<String, Money> stored = new LinkedHashMap<>();
            outcome.replay().ledger().asMap().forEach((k, v) -> stored.put(k, Money.of(v.toString())));
            snapshot = stored.isEmpty() ? org.onestop.policy.Ledger.EMPTY : org.onestop.policy.Ledger.of(stored);
            checkInvariant(book, paid, seqOf, discharges, cancelled);
        }
    }

    /**
     * The aggregate announces every payment line it returns exactly once, in the same order, each in an event about the
     * line's settlement that names the person and that settlement's hospital reference (given as "ref-" + its seq).
     */
    private static void checkEvents(PersonBook.Outcome outcome, Map<UUID, Long> seqOf) {
        List<Payment> announced = new ArrayList<>();
        for (Announced a : outcome.events()) {
            assertThat(a.event().personRef()).isEqualTo(PERSON);
            assertThat(a.event().hospitalSettlementRef()).isEqualTo("ref-" + seqOf.get(a.event().settlementId()));
            for (Payment p : a.lines()) {
                assertThat(p.settlementId()).isEqualTo(a.event().settlementId());
            }
            announced.addAll(a.lines());
        }
        assertThat(announced).isEqualTo(outcome.payments());
    }

    private static void checkInvariant(PersonBook book, Map<UUID, EnumMap<Layer, Money>> paid, Map<UUID, Long> seqOf,
                                       Map<UUID, Discharge> discharges, List<UUID> cancelled) {
        // a fresh replay, written here without the book: survivors in discharge order, ties by creation sequence
        List<UUID> survivors = new ArrayList<>(discharges.keySet());
        survivors.removeAll(cancelled);
        survivors.sort((a, b) -> {
            int c = discharges.get(a).dischargeDate().compareTo(discharges.get(b).dischargeDate());
            return c != 0 ? c : Long.compare(seqOf.get(a), seqOf.get(b));
        });
        List<Grant> grants = book.grants().stream().map(RegionGrant::grant).toList();
        PersonContext context = new PersonContext(book.identities(), grants);
        Ledger ledger = Ledger.EMPTY;
        for (UUID id : survivors) {
            Settlement s = CATALOG.settle(discharges.get(id), context, ledger);
            ledger = s.ledgerAfter();
            assertThat(s.imbalance()).isEqualTo(Money.ZERO);
            for (Layer layer : Layer.values()) {
                Money got = paid.getOrDefault(id, new EnumMap<>(Layer.class)).getOrDefault(layer, Money.ZERO);
                assertThat(got).as("paid + adjustments on %s, layer %s", id, layer).isEqualTo(s.paidBy(layer));
            }
        }
        for (UUID id : cancelled) {
            for (Money m : paid.getOrDefault(id, new EnumMap<>(Layer.class)).values()) {
                assertThat(m).as("a cancelled settlement nets to zero").isEqualTo(Money.ZERO);
            }
        }
        assertThat(book.entries()).hasSize(survivors.size());
        assertThat(book.replay().ledger()).isEqualTo(ledger);
    }

    /** A resident discharge in the region: with upstream insurance (burden = the generated amount) or computed by the engine. */
    static Discharge discharge(Region region, Settle s) {
        LocalDate date = START.plusDays(s.day());
        Money burden = Money.ofFen(s.burdenFen());
        Money out = Money.ofFen(s.outFen());
        var visit = switch (s.visit()) {
            case 0 -> org.onestop.policy.VisitType.INPATIENT;
            case 1 -> org.onestop.policy.VisitType.CHRONIC_OUTPATIENT;
            default -> org.onestop.policy.VisitType.ORDINARY_OUTPATIENT;
        };
        Discharge.Builder b = Discharge.builder(region.code(), date).visit(visit);
        if (s.computed()) {
            b.cost(burden.toString(), "0", out.toString());
        } else {
            Money basic = Money.of("10000.00");
            b.cost(burden.plus(basic).toString(), "0", out.toString()).upstream(new UpstreamInsurance(basic, Money.ZERO, Money.ZERO));
        }
        return b.build();
    }
}

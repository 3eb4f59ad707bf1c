package org.onestop.settlement.book;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.onestop.events.SettlementCompleted;
import org.onestop.policy.Discharge;
import org.onestop.policy.Grant;
import org.onestop.policy.IdentityPeriod;
import org.onestop.policy.Layer;
import org.onestop.policy.LayerPayment;
import org.onestop.policy.Ledger;
import org.onestop.policy.Money;
import org.onestop.policy.PersonContext;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.Settlement;

/**
 * One person's surviving discharges with what was paid on each, their identities and their approved grants.
 * Immutable; each operation returns the book after it, the payments to record and the events announcing them (built
 * here and nowhere else), such that afterwards, for every surviving settlement and layer, paid = a fresh
 * {@link #replay()} (ARCHITECTURE "Consistency"). The caller writes an {@link Outcome} whole, in one transaction.
 *
 * <p>Replays the whole book for every change, except a new discharge dated after all others
 * ({@link #settleAfter}): nothing before it changes, so it is settled on the ledger the replay of the book ends
 * with (stored as the person's ledger snapshot), which is what the replay would compute for it.
 */
public final class PersonBook {

    /** Why an operation adjusted earlier settlements: the {@code reason} of its ADJUSTED events. */
    public static final String OUT_OF_ORDER = "DISCHARGE_OUT_OF_ORDER";
    public static final String CANCELLED = "SETTLEMENT_CANCELLED";

    private final PolicyCatalog catalog;
    private final String personRef;
    private final List<IdentityPeriod> identities;
    private final List<RegionGrant> grants;
    private final List<Entry> entries;

    public PersonBook(PolicyCatalog catalog, String personRef, List<IdentityPeriod> identities, List<RegionGrant> grants,
                      List<Entry> entries) {
        this.catalog = catalog;
        this.personRef = personRef;
        this.identities = List.copyOf(identities);
        this.grants = List.copyOf(grants);
        this.entries = List.copyOf(entries);
    }

    public static PersonBook empty(PolicyCatalog catalog, String personRef) {
        return new PersonBook(catalog, personRef, List.of(), List.of(), List.of());
    }

    public String personRef() {
        return personRef;
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<IdentityPeriod> identities() {
        return identities;
    }

    public List<RegionGrant> grants() {
        return grants;
    }

    /** The same person under other identities and grants (nothing settled again until an operation runs). */
    public PersonBook withContext(List<IdentityPeriod> newIdentities, List<RegionGrant> newGrants) {
        return new PersonBook(catalog, personRef, newIdentities, newGrants, entries);
    }

    /** The same identities, grants and surviving settlements with what was paid on each ({@code entries}). */
    public PersonBook withEntries(List<Entry> newEntries) {
        return new PersonBook(catalog, personRef, identities, grants, newEntries);
    }

    /**
     * What the engine would answer for {@code discharge} placed in the book (nothing changes): the settlement a
     * pre-settlement (2303) shows.
     */
    public Settlement preview(Discharge discharge) {
        UUID probe = new UUID(0, 0);
        List<Entry> with = new ArrayList<>(entries);
        with.add(new Entry(probe, Long.MAX_VALUE, discharge, Map.of()));
        return replay(with).settlements().get(probe);
    }

    /**
     * Settles a new discharge: its settlement as replayed among the others, its original payments, adjustments for
     * later discharges that it changes (a discharge posted out of order), and the events: SETTLED, then one ADJUSTED
     * per settlement it changed ({@value #OUT_OF_ORDER}, caused by the new settlement).
     */
    public Outcome settle(UUID settlementId, long seq, Discharge discharge, String hospitalId, String hospitalRef,
                          Instant now) {
        Entry added = new Entry(settlementId, seq, discharge, Map.of(), hospitalId, hospitalRef);
        List<Entry> with = new ArrayList<>(entries);
        with.add(added);
        Replay replay = replay(with);
        Settlement settled = replay.settlements().get(settlementId);
        List<Payment> payments = originals(settlementId, settled);
        List<Entry> after = new ArrayList<>();
        for (Entry e : replay.order()) {
            after.add(e.settlementId().equals(settlementId) ? added.paying(paidByLayer(settled)) : e);
        }
        List<Announced> events = new ArrayList<>();
        events.add(settledEvent(added, settled, payments, now));
        return adjust(after, replay, payments, settled, events, OUT_OF_ORDER, settlementId, now);
    }

    /**
     * Settles a new discharge that comes after every discharge of the book in replay order, on the ledger a replay of
     * the book ends with: the same settlement and SETTLED event {@link #settle} would give, without replaying (nothing
     * earlier changes, so there are no adjustments). The book after it holds only the new entry; enough for settling
     * further later discharges the same way.
     */
    public Outcome settleAfter(Ledger before, UUID settlementId, long seq, Discharge discharge, String hospitalId,
                               String hospitalRef, Instant now) {
        Entry entry = new Entry(settlementId, seq, discharge, Map.of(), hospitalId, hospitalRef);
        for (Entry e : entries) {
            if (Entry.ORDER.compare(e, entry) > 0) {
                throw new IllegalArgumentException("the discharge is not the latest of the book");
            }
        }
        Settlement settled = catalog.settle(discharge, contextFor(discharge), before);
        List<Payment> payments = originals(settlementId, settled);
        Entry after = entry.paying(paidByLayer(settled));
        Map<UUID, Settlement> settlements = new LinkedHashMap<>();
        settlements.put(settlementId, settled);
        return new Outcome(withEntries(List.of(after)), settled, List.copyOf(payments),
                new Replay(List.of(after), settlements, settled.ledgerAfter()),
                List.of(settledEvent(entry, settled, payments, now)));
    }

    /**
     * Cancels a settlement: reverses everything paid on it and adjusts the settlements that its absence changes;
     * events: REVERSED (reason CANCELLED), then one ADJUSTED per changed settlement ({@value #CANCELLED}).
     */
    public Outcome cancel(UUID settlementId, Instant now) {
        Entry cancelled = entries.stream().filter(e -> e.settlementId().equals(settlementId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("settlement " + settlementId + " is not in the book"));
        Settlement before = replay().settlements().get(settlementId);
        List<Payment> payments = new ArrayList<>();
        for (Map.Entry<Layer, Money> line : cancelled.paid().entrySet()) {
            payments.add(new Payment(settlementId, Payment.Kind.REVERSAL, line.getKey(), null, Money.ZERO.minus(line.getValue()), null));
        }
        List<Announced> events = new ArrayList<>();
        events.add(new Announced(Events.of(SettlementCompleted.Kind.REVERSED, settlementId, personRef, before,
                cancelled.hospitalId(), cancelled.hospitalRef(), payments, "CANCELLED", settlementId, now), payments));
        List<Entry> rest = new ArrayList<>(entries);
        rest.remove(cancelled);
        return adjust(rest, replay(rest), payments, null, events, CANCELLED, settlementId, now);
    }

    /**
     * Replays under the identities and grants held now and adjusts whatever differs from what was paid: one ADJUSTED
     * event per changed settlement, with {@code reason} (IDENTITY_CHANGED, GRANT_APPROVED) and {@code causeId}.
     */
    public Outcome reconcile(String reason, UUID causeId, Instant now) {
        return adjust(entries, replay(entries), new ArrayList<>(), null, new ArrayList<>(), reason, causeId, now);
    }

    private Outcome adjust(List<Entry> survivors, Replay replay, List<Payment> payments, Settlement settled,
                           List<Announced> events, String reason, UUID causeId, Instant now) {
        List<Entry> after = new ArrayList<>();
        for (Entry e : survivors) {
            Settlement current = replay.settlements().get(e.settlementId());
            Map<Layer, Money> should = paidByLayer(current);
            EnumMap<Layer, Money> paid = new EnumMap<>(Layer.class);
            paid.putAll(e.paid());
            List<Payment> lines = new ArrayList<>();
            for (Layer layer : Layer.values()) {
                Money diff = should.getOrDefault(layer, Money.ZERO).minus(e.paid(layer));
                if (!diff.isZero()) {
                    lines.add(new Payment(e.settlementId(), Payment.Kind.ADJUSTMENT, layer, fundCode(current, layer), diff,
                            clause(current, layer)));
                    paid.put(layer, should.getOrDefault(layer, Money.ZERO));
                }
            }
            after.add(e.paying(paid));
            if (!lines.isEmpty()) {
                payments.addAll(lines);
                events.add(new Announced(Events.of(SettlementCompleted.Kind.ADJUSTED, e.settlementId(), personRef, current,
                        e.hospitalId(), e.hospitalRef(), lines, reason, causeId, now), lines));
            }
        }
        return new Outcome(withEntries(after), settled, List.copyOf(payments), replay, List.copyOf(events));
    }

    private Announced settledEvent(Entry entry, Settlement settled, List<Payment> originals, Instant now) {
        return new Announced(Events.of(SettlementCompleted.Kind.SETTLED, entry.settlementId(), personRef, settled,
                entry.hospitalId(), entry.hospitalRef(), originals, null, null, now), originals);
    }

    private static List<Payment> originals(UUID settlementId, Settlement settled) {
        List<Payment> payments = new ArrayList<>();
        for (Map.Entry<Layer, Money> line : paidByLayer(settled).entrySet()) {
            payments.add(new Payment(settlementId, Payment.Kind.ORIGINAL, line.getKey(), fundCode(settled, line.getKey()),
                    line.getValue(), clause(settled, line.getKey())));
        }
        return payments;
    }

    /** The book settled afresh in discharge order under the identities and grants known now. */
    public Replay replay() {
        return replay(entries);
    }

    private Replay replay(List<Entry> book) {
        List<Entry> order = new ArrayList<>(book);
        order.sort(Entry.ORDER);
        Map<UUID, Settlement> settlements = new LinkedHashMap<>();
        Ledger ledger = Ledger.EMPTY;
        Map<String, PersonContext> contexts = new java.util.HashMap<>(); // by region code: same identities and grants
        for (Entry e : order) {
            Settlement s = catalog.settle(e.discharge(), contexts.computeIfAbsent(e.discharge().regionCode(),
                    r -> contextFor(e.discharge())), ledger);
            settlements.put(e.settlementId(), s);
            ledger = s.ledgerAfter();
        }
        return new Replay(List.copyOf(order), settlements, ledger);
    }

    /** Grants apply only to discharges of the region that granted them (the engine rejects another region's kinds). */
    PersonContext contextFor(Discharge discharge) {
        String region = catalog.policyRegionOf(discharge.regionCode()).orElse(null);
        List<Grant> applicable = new ArrayList<>();
        for (RegionGrant g : grants) {
            if (g.policyRegion().equals(region)) {
                applicable.add(g.grant());
            }
        }
        return new PersonContext(identities, applicable);
    }

    /** What each layer pays on a settlement, bill layers and grants to the person alike (zero lines left out). */
    public static Map<Layer, Money> paidByLayer(Settlement s) {
        EnumMap<Layer, Money> paid = new EnumMap<>(Layer.class);
        for (Layer layer : Layer.values()) {
            Money m = s.paidBy(layer);
            if (!m.isZero()) {
                paid.put(layer, m);
            }
        }
        return paid;
    }

    static String fundCode(Settlement s, Layer layer) {
        if (s == null) {
            return null;
        }
        for (LayerPayment p : s.layers()) {
            if (p.layer() == layer && p.fundCode() != null) {
                return p.fundCode();
            }
        }
        for (LayerPayment p : s.grantsToPerson()) {
            if (p.layer() == layer && p.fundCode() != null) {
                return p.fundCode();
            }
        }
        return null;
    }

    /** The clause of the rule that computed {@code layer}'s amount on {@code s} (or excluded it), or null. */
    static String clause(Settlement s, Layer layer) {
        if (s == null) {
            return null;
        }
        for (LayerPayment p : s.layers()) {
            if (p.layer() == layer && p.clause() != null) {
                return p.clause();
            }
        }
        for (LayerPayment p : s.grantsToPerson()) {
            if (p.layer() == layer && p.clause() != null) {
                return p.clause();
            }
        }
        return null;
    }

    /**
     * What an operation did.
     *
     * @param book     the book after it
     * @param settled  the new settlement (settle only), else null
     * @param payments the lines to record: originals, reversals, adjustments
     * @param replay   the replay the payments were computed from
     * @param events   the events announcing the payments, in the order they are published
     */
    public record Outcome(PersonBook book, Settlement settled, List<Payment> payments, Replay replay,
                          List<Announced> events) {

        /** Adjustment lines grouped by settlement, in the replay's order. */
        public Map<UUID, List<Payment>> adjustments() {
            Map<UUID, List<Payment>> by = new LinkedHashMap<>();
            for (Payment p : payments) {
                if (p.kind() == Payment.Kind.ADJUSTMENT) {
                    by.computeIfAbsent(p.settlementId(), k -> new ArrayList<>()).add(p);
                }
            }
            return by;
        }
    }
}

package org.onestop.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of every settlement, over generated discharges in all five regions. */
class SettlementProperties {

    static final PolicyCatalog CATALOG = PolicyCatalog.loadDefault();
    static final List<String> REGIONS = List.of("360402", "652801", "140105", "370602", "210102");
    static final List<String> TYPES = List.of("TEKUN", "ORPHAN", "DIBAO", "DIBAO_MARGINAL", "ILLNESS_POOR", "RETURNED_TO_POVERTY",
            "UNSTABLE_LIFTED", "LOW_INCOME", "KEY_ENTITLED_VETERAN", "REGISTERED_POOR", "SIX_CATEGORIES");

    record Case(String region, String identity, LocalDate date, VisitType visit, HospitalLevel level, CareLocation location,
                boolean referred, InsuranceType insurance, long inScopeFen, long partlyFen, long outFen, boolean upstream,
                long upstreamBasicPerMille, boolean tilted) {

        Discharge discharge(long inScope) {
            Discharge.Builder b = Discharge.builder(region, date).visit(visit).level(level).location(location).referred(referred)
                    .insurance(insurance)
                    .cost(Money.ofFen(inScope).toString(), Money.ofFen(partlyFen).toString(), Money.ofFen(outFen).toString());
            if (upstream) {
                long basic = inScope * upstreamBasicPerMille / 1000;
                b.upstream(new UpstreamInsurance(Money.ofFen(basic), insurance == InsuranceType.RESIDENT ? Money.ofFen((inScope - basic) / 10) : Money.ZERO,
                        insurance == InsuranceType.EMPLOYEE ? Money.ofFen((inScope - basic) / 10) : Money.ZERO));
            }
            return b.build();
        }

        PersonContext person() {
            PersonContext p = PersonContext.of(IdentityPeriod.open(identity, LocalDate.parse("2022-01-01")));
            return tilted ? p.withGrant(new Grant("g1", "TILTED", date.withDayOfYear(1))) : p;
        }

        Settlement settle(long inScope, Ledger ledger) {
            return CATALOG.settle(discharge(inScope), region.equals("360402") || !tilted ? person()
                    : PersonContext.of(IdentityPeriod.open(identity, LocalDate.parse("2022-01-01"))), ledger);
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        var a = Combinators.combine(
                Arbitraries.of(REGIONS), Arbitraries.of(TYPES),
                Arbitraries.integers().between(0, 270).map(d -> LocalDate.parse("2023-04-01").plusDays(d)),
                Arbitraries.of(VisitType.class), Arbitraries.of(HospitalLevel.class), Arbitraries.of(CareLocation.class),
                Arbitraries.of(true, false), Arbitraries.of(InsuranceType.class));
        var b = Combinators.combine(
                Arbitraries.longs().between(0, 50_000_000), Arbitraries.longs().between(0, 500_000),
                Arbitraries.longs().between(0, 2_000_000), Arbitraries.of(true, false),
                Arbitraries.longs().between(0, 900), Arbitraries.of(true, false));
        return a.as((r, t, d, v, l, loc, ref, ins) -> new Object[] {r, t, d, v, l, loc, ref, ins})
                .flatMap(x -> b.as((in, partly, out, up, per, tilt) -> new Case((String) x[0], (String) x[1], (LocalDate) x[2],
                        (VisitType) x[3], (HospitalLevel) x[4], (CareLocation) x[5], (Boolean) x[6], (InsuranceType) x[7],
                        in, partly, out, up, per, tilt)));
    }

    @Property(tries = 2000)
    void everyStatementBalancesToTheFenAndNothingIsNegative(@ForAll("cases") Case c) {
        Settlement s = c.settle(c.inScopeFen(), Ledger.EMPTY);
        assertThat(s.imbalance()).isEqualTo(Money.ZERO);
        for (LayerPayment p : s.layers()) {
            assertThat(p.amount().isNegative()).as(p.name()).isFalse();
        }
        assertThat(s.patientPays().isNegative()).isFalse();
        assertThat(s.patientPays().compareTo(s.discharge().totalCost())).as("nobody pays more than the total").isLessThanOrEqualTo(0);
    }

    @Property(tries = 500)
    void noLayerEverExceedsItsCapAcrossAYear(@ForAll("cases") Case c) {
        Ledger ledger = Ledger.EMPTY;
        Money assistance = Money.ZERO;
        Money secondary = Money.ZERO;
        Money cap = null;
        Money secondaryCap = null;
        for (int i = 0; i < 8; i++) {
            Settlement s = c.settle(c.inScopeFen(), ledger);
            ledger = s.ledgerAfter();
            if (s.layer(Layer.ASSISTANCE).isPresent() && s.layer(Layer.ASSISTANCE).get().cap() != null) {
                cap = s.layer(Layer.ASSISTANCE).get().cap();
            }
            if (s.layer(Layer.SECONDARY_ASSISTANCE).isPresent() && s.layer(Layer.SECONDARY_ASSISTANCE).get().cap() != null) {
                secondaryCap = s.layer(Layer.SECONDARY_ASSISTANCE).get().cap();
            }
            assistance = assistance.plus(s.paidBy(Layer.ASSISTANCE));
            secondary = secondary.plus(s.paidBy(Layer.SECONDARY_ASSISTANCE));
            assertThat(s.imbalance()).isEqualTo(Money.ZERO);
        }
        // single-disease assistance is outside the annual cap (Shanxi 八): the generator never sets a disease
        if (cap != null) {
            assertThat(assistance.compareTo(cap)).isLessThanOrEqualTo(0);
        }
        if (secondaryCap != null) {
            assertThat(secondary.compareTo(secondaryCap)).isLessThanOrEqualTo(0);
        }
    }

    @Property(tries = 1500)
    void splittingAStayIntoTwoDischargesNeverChangesTheYearsTotals(@ForAll("cases") Case c,
                                                                   @ForAll("splits") int perMille) {
        // Out-of-catalogue cost is zeroed: Jiujiang's backstop is "10 % of this bill's total", a per-bill rule.
        Case clean = new Case(c.region(), c.identity(), c.date(), c.visit(), c.level(), c.location(), c.referred(), c.insurance(),
                c.inScopeFen(), 0, 0, false, 0, c.tilted());
        long first = clean.inScopeFen() * perMille / 1000;
        Settlement whole = clean.settle(clean.inScopeFen(), Ledger.EMPTY);
        Settlement a = clean.settle(first, Ledger.EMPTY);
        Settlement b = clean.settle(clean.inScopeFen() - first, a.ledgerAfter());
        for (Layer layer : Layer.values()) {
            assertThat(a.paidBy(layer).plus(b.paidBy(layer))).as(layer + " of " + clean).isEqualTo(whole.paidBy(layer));
        }
        assertThat(b.ledgerAfter()).isEqualTo(whole.ledgerAfter());
    }

    @Provide
    Arbitrary<Integer> splits() {
        return Arbitraries.integers().between(0, 1000);
    }

    @Property(tries = 1500)
    void moreCostNeverYieldsLessAssistance(@ForAll("cases") Case c, @ForAll("extra") long extraFen) {
        Case computed = new Case(c.region(), c.identity(), c.date(), c.visit(), c.level(), c.location(), c.referred(), c.insurance(),
                c.inScopeFen(), c.partlyFen(), c.outFen(), false, 0, c.tilted());
        Settlement less = computed.settle(computed.inScopeFen(), Ledger.EMPTY);
        Settlement more = computed.settle(computed.inScopeFen() + extraFen, Ledger.EMPTY);
        Money lessAid = less.paidBy(Layer.ASSISTANCE).plus(less.paidBy(Layer.SECONDARY_ASSISTANCE));
        Money moreAid = more.paidBy(Layer.ASSISTANCE).plus(more.paidBy(Layer.SECONDARY_ASSISTANCE));
        assertThat(moreAid.compareTo(lessAid)).isGreaterThanOrEqualTo(0);
        // (What the patient pays is not monotone: Jiujiang's backstop limit grows with the total.)
    }

    @Provide
    Arbitrary<Long> extra() {
        return Arbitraries.longs().between(0, 10_000_000);
    }
}

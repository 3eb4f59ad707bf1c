package org.onestop.whatif;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.onestop.policy.Layer;
import org.onestop.policy.LayerPayment;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.PolicyNotInForceException;
import org.onestop.policy.RegionPolicy;
import org.onestop.policy.Settlement;
import org.onestop.policy.VisitType;
import org.onestop.policy.WarningCheck;
import org.onestop.policy.WarningRules;

/**
 * A what-if prepared for one policy region and year: evaluates a person's book under the version in force (the books'
 * replay) and under the candidate. Immutable and thread-safe: one instance serves every worker thread.
 *
 * <p>Warning lines are measured by the rule monitoring-service raises warnings by, the policy library's
 * {@link WarningCheck} (docs/monitoring.md "The lines"): after each settlement of the person-year, in discharge order,
 * with the identities held on its discharge date and its insurance type; burden after insurance = total − basic −
 * critical illness, after assistance = what the patient pays. The lines and income figures are each side's own policy
 * file's ({@code warnings:}, {@code assumptions.income}); a line without an amount for the year is not counted.
 */
public final class WhatIf {

    /** The catastrophic-burden share of per-capita income (issue 16; WHO's catastrophic health expenditure is 40 %). */
    public static final BigDecimal CATASTROPHIC_SHARE = new BigDecimal("0.40");

    private final PolicyCatalog catalog;
    private final String region;
    private final int year;
    private final RegionPolicy current;
    private final RegionPolicy candidate;
    private final Map<String, RegionPolicy> versions = new HashMap<>();
    private final Replayer replayer;
    private final Long currentLine;
    private final Long candidateLine;
    /** Each policy's warning lines prepared for the year (by identity: built once here, read by every thread). */
    private final Map<RegionPolicy, WarningCheck> lines = new IdentityHashMap<>();

    /**
     * @param region    the policy region ({@code 360400})
     * @param candidate the candidate policy (of that region)
     * @throws PolicyNotInForceException when no version of the region is in force at the end of the year
     */
    public WhatIf(PolicyCatalog catalog, String region, int year, RegionPolicy candidate) {
        this.catalog = catalog;
        this.region = region;
        this.year = year;
        this.current = catalog.policyFor(region, LocalDate.of(year, 12, 31));
        this.candidate = candidate;
        catalog.all().forEach(p -> versions.put(p.version(), p));
        this.replayer = new Replayer(catalog);
        this.currentLine = catastrophicLine(current);
        this.candidateLine = catastrophicLine(candidate);
        versions.values().forEach(p -> lines.put(p, WarningCheck.measurable(p, year)));
        lines.put(candidate, WarningCheck.measurable(candidate, year));
    }

    public String region() {
        return region;
    }

    public int year() {
        return year;
    }

    public RegionPolicy current() {
        return current;
    }

    public RegionPolicy candidate() {
        return candidate;
    }

    /** 40 % of the income figure a discharge of the year uses (the previous year's), in fen; null when undeclared. */
    public Long catastrophicLine(boolean candidateSide) {
        return candidateSide ? candidateLine : currentLine;
    }

    private Long catastrophicLine(RegionPolicy policy) {
        try {
            return policy.incomeForDischargeYear(year).times(CATASTROPHIC_SHARE, RoundingMode.HALF_UP).fen();
        } catch (PolicyNotInForceException undeclared) {
            return null;
        }
    }

    /** The person's settlements under the books' replay (no candidate), in replay order. */
    public List<Settlement> replayCurrent(PersonHistory h) {
        return replayer.replay(h, null, region, year).stream().map(Replayer.Settled::settlement).toList();
    }

    /** The person-year of the region and year under both policies; null when the person has no discharge in it. */
    public PersonYear evaluate(PersonHistory h) {
        int count = 0;
        for (PersonHistory.Booked b : h.entries()) {
            if (replayer.inScope(b.discharge(), region, year)) {
                count++;
            }
        }
        if (count == 0) {
            return null;
        }
        PersonYear.Side now = side(replayer.replay(h, null, region, year), false);
        PersonYear.Side then = side(replayer.replay(h, candidate, region, year), true);
        return new PersonYear(h.personRef(), count, now, then);
    }

    private PersonYear.Side side(List<Replayer.Settled> replay, boolean candidateSide) {
        // small per person-year maps; the tally sorts
        Map<String, Long> outlay = new HashMap<>(8);
        Map<String, Long> byCategory = new HashMap<>(4);
        Map<String, Long> byCounty = new HashMap<>(4);
        Set<String> lines = new HashSet<>(4);
        EnumMap<VisitType, long[]> burden = new EnumMap<>(VisitType.class);
        long funds = 0;
        long patient = 0;
        for (Replayer.Settled settled : replay) {
            Settlement s = settled.settlement();
            if (!replayer.inScope(s.discharge(), region, year)) {
                continue;
            }
            long paid = 0;
            paid += add(outlay, s.layers());
            paid += add(outlay, s.grantsToPerson());
            funds += paid;
            patient += s.patientPays().fen();
            byCategory.merge(s.category() == null ? "NONE" : s.category(), paid, Long::sum);
            byCounty.merge(s.discharge().regionCode(), paid, Long::sum);
            long[] b = burden.computeIfAbsent(s.discharge().visitType(), v -> new long[2]);
            b[0] += s.discharge().totalCost().minus(s.paidBy(Layer.BASIC)).minus(s.paidBy(Layer.CRITICAL_ILLNESS)).fen();
            b[1] += s.patientPays().fen();
            RegionPolicy policy = candidateSide ? candidate : versions.get(s.policyVersion());
            if (policy != null) {
                reached(policy, s, burden, lines);
            }
        }
        Long line = catastrophicLine(candidateSide);
        return new PersonYear.Side(outlay, byCategory, byCounty, funds, patient, lines, line == null ? null : patient > line);
    }

    /** {@code LAYER|fundCode}, built once per pair. */
    private static final Map<Layer, Map<String, String>> KEYS = new EnumMap<>(Layer.class);

    static {
        for (Layer l : Layer.values()) {
            KEYS.put(l, new ConcurrentHashMap<>());
        }
    }

    private static String key(LayerPayment p) {
        String fund = p.fundCode() == null ? "" : p.fundCode();
        return KEYS.get(p.layer()).computeIfAbsent(fund, f -> p.layer().name() + "|" + f);
    }

    private static long add(Map<String, Long> outlay, List<LayerPayment> payments) {
        long sum = 0;
        for (LayerPayment p : payments) {
            if (p.layer() == Layer.HOSPITAL_BORNE || p.amount().isZero()) {
                continue;
            }
            outlay.merge(key(p), p.amount().fen(), Long::sum);
            sum += p.amount().fen();
        }
        return sum;
    }

    /** The policy library's {@link WarningCheck} (monitoring's rule), over the person-year's burden after this settlement. */
    private void reached(RegionPolicy policy, Settlement s, Map<VisitType, long[]> burden, Set<String> reached) {
        WarningCheck.Burden measured = (basis, visitTypes) -> {
            int side = basis == WarningRules.Burden.AFTER_ASSISTANCE ? 1 : 0;
            long sum = 0;
            for (Map.Entry<VisitType, long[]> e : burden.entrySet()) {
                if (visitTypes.isEmpty() || visitTypes.contains(e.getKey())) {
                    sum += e.getValue()[side];
                }
            }
            return sum;
        };
        for (WarningCheck.Reached r : lines.get(policy).reached(s.discharge().insuranceType(), s.identitiesHeld(), measured, reached)) {
            reached.add(r.line().id());
        }
    }
}

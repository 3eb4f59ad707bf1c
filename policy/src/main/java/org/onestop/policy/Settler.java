package org.onestop.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The calculation of one settlement. One instance per call; it reads the policy and the inputs and
 * writes only its own ledger builder, so {@link RegionPolicy#settle} stays pure and thread-safe.
 * Each layer's explanation is built by the code that computes its amount.
 */
final class Settler {

    private static final Set<VisitType> OUTPATIENT = EnumSet.of(
            VisitType.CHRONIC_OUTPATIENT, VisitType.MAJOR_ILLNESS_OUTPATIENT, VisitType.ORDINARY_OUTPATIENT);

    private static final String[] BURDEN = names("burden.");
    private static final String[] SECONDARY_BASE = names("secondaryBase.");
    private static final String[] PAID_BY_VISIT = names("assistance.paid.");

    /** Scope names of the years a settlement meets, built once (a year scope is looked up on every layer). */
    private static final String[] YEARS = new String[400];
    private static final int FIRST_YEAR = 1900;

    private static String yearScope(int year) {
        int i = year - FIRST_YEAR;
        if (i < 0 || i >= YEARS.length) {
            return String.valueOf(year);
        }
        String s = YEARS[i];
        if (s == null) {
            s = String.valueOf(year);
            YEARS[i] = s; // racy but benign: every thread stores an equal string
        }
        return s;
    }

    private static final LocalDate[] JAN_FIRST = new LocalDate[YEARS.length];

    /** 1 January of {@code year}, built once per year (every windowed layer compares against the year's bounds). */
    static LocalDate janFirst(int year) {
        int i = year - FIRST_YEAR;
        if (i < 0 || i >= JAN_FIRST.length) {
            return LocalDate.of(year, 1, 1);
        }
        LocalDate d = JAN_FIRST[i];
        if (d == null) {
            d = LocalDate.of(year, 1, 1);
            JAN_FIRST[i] = d; // racy but benign: LocalDate is immutable with final fields
        }
        return d;
    }

    private static String[] names(String prefix) {
        String[] names = new String[VisitType.values().length];
        for (VisitType v : VisitType.values()) {
            names[v.ordinal()] = prefix + v.name();
        }
        return names;
    }

    /**
     * A category that applies on the discharge date, the ledger scope its annual amounts live in and, for a category
     * granted on application, the grant's window (null for identities).
     */
    private record Applied(Category category, List<String> because, String scope, LayerWindow window) {}

    /** Why a layer pays nothing, and the clause that says so. */
    private record Why(String text, String clause) {}

    private final RegionPolicy policy;
    private final Discharge d;
    private final PersonContext person;
    private final Ledger before;
    private final Ledger.Builder ledger;
    private final LocalDate day;
    private final String year;
    private final List<LayerPayment> layers = new ArrayList<>();
    private final List<LayerPayment> grantsToPerson = new ArrayList<>();
    /** Office-registered grants and the determinations pushed identities stand for ({@link RegionPolicy#grantsOf}). */
    private final List<Grant> grants;
    /** {@code grant:<id>} of each of {@link #grants}, the ledger scope of its window, built once per settlement. */
    private final String[] grantScopes;
    /** Whether each of {@link #grants} covers the discharge date: asked by several layers, answered once. */
    private boolean[] grantCovers;
    private Money income;

    Settler(RegionPolicy policy, Discharge discharge, PersonContext person, Ledger ledger) {
        this.policy = policy;
        this.d = discharge;
        this.person = person;
        this.before = ledger;
        this.ledger = ledger.toBuilder();
        this.day = discharge.dischargeDate();
        this.year = yearScope(day.getYear());
        this.grants = policy.grantsOf(person);
        this.grantScopes = new String[grants.size()];
        for (int i = 0; i < grantScopes.length; i++) {
            String id = grants.get(i).id();
            String known = ledger.knownScope("grant:", id);
            grantScopes[i] = known != null ? known : "grant:" + id;
        }
    }

    Settlement settle() {
        validate();
        grantCovers = new boolean[grants.size()];
        for (int i = 0; i < grantCovers.length; i++) {
            Grant g = grants.get(i);
            grantCovers[i] = policy.grants.get(g.kind()).covers(g, day);
        }
        Applied applied = chooseCategory();
        VisitType visit = effectiveVisit(applied);

        Money hospital = Money.ZERO;
        SingleDiseaseRules.Disease disease = singleDisease(applied);
        if (disease != null) {
            hospital = settleSingleDisease(applied, disease);
        } else {
            Money basic = basic();
            Money critical = criticalIllness(basic);
            Money burden = Money.ofFen(Math.subtractExact(Math.subtractExact(d.inScope().fen(), basic.fen()), critical.fen()));
            String excluded = referralExclusion(policy.referralRequiredOutsideRegion, "医疗救助");
            Money assistance = assistance(applied, visit, burden, excluded);
            secondary(applied, visit, burden.minus(assistance), excluded);
            backstop(applied, visit, excluded);
        }
        careGrant();

        long funds = 0;
        for (LayerPayment p : layers) {
            if (p.layer() != Layer.HOSPITAL_BORNE) {
                funds = Math.addExact(funds, p.amount().fen());
            }
        }
        Money patient = Money.ofFen(Math.subtractExact(Math.subtractExact(d.totalCost().fen(), funds), hospital.fen()));
        if (patient.isNegative()) {
            // Cannot happen with consistent inputs (each layer is bounded by what remains); guard the invariant.
            throw new IllegalStateException("layers paid more than the bill: " + layers);
        }
        return new Settlement(policy.regionCode(), policy.version(), d,
                applied == null ? null : applied.category().id(),
                applied == null ? null : applied.category().name(),
                applied == null ? List.of() : applied.because(), held(),
                layers, patient, hospital, grantsToPerson, before, ledger.build());
    }

    // ---------------------------------------------------------------- inputs

    private void validate() {
        requireNotNegative("totalCost", d.totalCost());
        requireNotNegative("inScope", d.inScope());
        requireNotNegative("partlySelfPaid", d.partlySelfPaid());
        requireNotNegative("outOfCatalogue", d.outOfCatalogue());
        long partsFen = Math.addExact(Math.addExact(d.inScope().fen(), d.partlySelfPaid().fen()), d.outOfCatalogue().fen());
        if (partsFen != d.totalCost().fen()) {
            Money parts = Money.ofFen(partsFen);
            throw new InvalidDischargeException("totalCost", "total " + d.totalCost() + " is not in-scope " + d.inScope()
                    + " + partly self-paid " + d.partlySelfPaid() + " + out-of-catalogue " + d.outOfCatalogue() + " = " + parts);
        }
        if (d.admissionDate().isAfter(d.dischargeDate())) {
            throw new InvalidDischargeException("admissionDate", "admission " + d.admissionDate() + " is after discharge " + d.dischargeDate());
        }
        if (d.bedDays() < 0) {
            throw new InvalidDischargeException("bedDays", "is negative");
        }
        UpstreamInsurance up = d.upstream();
        if (up != null) {
            requireNotNegative("upstream.basicFund", up.basicFund());
            if (up.criticalIllness() != null) {
                requireNotNegative("upstream.criticalIllness", up.criticalIllness());
            }
            if (up.employeeLargeAmount() != null) {
                requireNotNegative("upstream.employeeLargeAmount", up.employeeLargeAmount());
            }
            if (up.total().isGreaterThan(d.inScope())) {
                throw new InvalidDischargeException("upstream", "insurance paid " + up.total()
                        + ", more than the in-scope cost " + d.inScope());
            }
            if (d.insuranceType() == InsuranceType.RESIDENT && up.employeeLargeAmount() != null && up.employeeLargeAmount().isPositive()) {
                throw new InvalidDischargeException("upstream.employeeLargeAmount", "a resident has no employee large-amount subsidy");
            }
        }
        for (Grant g : person.grants()) {
            if (!policy.grants.containsKey(g.kind())) {
                throw new InvalidDischargeException("grants", "grant kind " + g.kind() + " does not exist in " + policy.version()
                        + " (known: " + policy.grants.keySet() + ")");
            }
        }
    }

    private static void requireNotNegative(String field, Money m) {
        if (m.isNegative()) {
            throw new InvalidDischargeException(field, "is negative (" + m + ")");
        }
    }

    private Money income() {
        if (income == null) {
            income = policy.incomeForDischargeYear(day.getYear());
        }
        return income;
    }

    private Money incomeIfNeeded(Schedule s) {
        return s.needsIncome() ? income() : null;
    }

    // ---------------------------------------------------------------- category

    /** The highest-ranked category valid on the discharge date (就高不重复), from identities and grants. */
    private Applied chooseCategory() {
        Applied best = null;
        for (Category c : policy.categories) {
            if (best != null && best.category().rank() < c.rank()) {
                break;
            }
            Applied a = appliedOnDischargeDay(c);
            if (a != null && (best == null || c.rank() < best.category().rank())) {
                best = a;
            }
        }
        return best;
    }

    private Applied appliedOnDischargeDay(Category c) {
        if (c.viaGrant() != null) {
            GrantRule rule = policy.grants.get(c.viaGrant());
            for (int i = 0; i < grants.size(); i++) {
                Grant g = grants.get(i);
                if (g.kind().equals(c.viaGrant()) && grantCovers[i]) {
                    // a pushed determination names its identity, an office grant its registration
                    String because = person.grants().contains(g) ? "grant:" + g.kind() + ":" + g.id() : rule.determinedBy();
                    return new Applied(c, List.of(because), grantScopes[i], rule.windowOf(g));
                }
            }
            return null;
        }
        // one identity is the usual case: its list is List.of(it), which the settlement keeps without a copy
        String first = null;
        List<String> because = null;
        for (IdentityPeriod p : person.identities()) {
            if (c.identityTypes().contains(p.type()) && policy.timing.covers(p, day)) {
                if (first == null) {
                    first = p.type();
                } else if (!first.equals(p.type()) && (because == null || !because.contains(p.type()))) {
                    if (because == null) {
                        because = new ArrayList<>(2);
                        because.add(first);
                    }
                    because.add(p.type());
                }
            }
        }
        return first == null ? null : new Applied(c, because == null ? List.of(first) : because, year, null);
    }

    /**
     * Why no category applies, with its clause: plainly no identity on the date, or an identity the region honours
     * only through a grant (依申请) that covers no discharge on this date, so the cashier sees the person is not
     * simply unknown and knows what to do.
     */
    private Why noCategory() {
        for (Category c : policy.categories) {
            if (c.viaGrant() == null) {
                continue;
            }
            GrantRule rule = policy.grants.get(c.viaGrant());
            for (IdentityPeriod p : person.identities()) {
                if (!c.identityTypes().contains(p.type()) || !policy.timing.covers(p, day)) {
                    continue;
                }
                if (p.type().equals(rule.determinedBy())) {
                    LayerWindow w = rule.windowOf(new Grant(GrantRule.determinationId(p), rule.kind(), p.from()));
                    return new Why("持有" + p.type() + "身份（" + p.from() + "认定），一次身份认定享受一个自然年度的救助待遇，"
                            + "出院日期不在其救助期 " + w.from() + " 至 " + w.to() + " 内，须重新认定", rule.windowClause());
                }
                return new Why("持有" + p.type() + "身份，" + c.name() + "依申请给予救助，出院日期无覆盖的已批准申请（须向医保经办机构申请）",
                        rule.clause());
            }
        }
        return new Why("出院日期无有效救助身份（以出院时间为准）", policy.assistanceClause);
    }

    private VisitType effectiveVisit(Applied applied) {
        if (applied != null && OUTPATIENT.contains(d.visitType()) && d.diseaseCode() != null
                && applied.category().inpatientDiseases().contains(d.diseaseCode())) {
            return VisitType.INPATIENT;
        }
        return d.visitType();
    }

    private List<String> held() {
        String first = null;
        List<String> held = null;
        for (IdentityPeriod p : person.identities()) {
            if (policy.timing.covers(p, day)) {
                if (first == null) {
                    first = p.type();
                } else if (!first.equals(p.type()) && (held == null || !held.contains(p.type()))) {
                    if (held == null) {
                        held = new ArrayList<>(2);
                        held.add(first);
                    }
                    held.add(p.type());
                }
            }
        }
        return held != null ? held : first == null ? List.of() : List.of(first);
    }

    private boolean holdsAny(Set<String> types) {
        for (IdentityPeriod p : person.identities()) {
            if (types.contains(p.type()) && policy.timing.covers(p, day)) {
                return true;
            }
        }
        return false;
    }

    private String referralExclusion(Cited<Boolean> rule, String what) {
        if (d.location() != CareLocation.IN_REGION && !d.referred() && rule.value()) {
            return "未按规定转诊至统筹地区外就医，不纳入" + what + "范围 (" + rule.clause() + ")";
        }
        return null;
    }

    // ---------------------------------------------------------------- insurance

    private Money basic() {
        InsuranceRules.Basic rules = policy.insurance.basic().get(d.insuranceType());
        Money x = d.inScope();
        Money cumulative = ledger.get(year, "basic.inScope");
        ledger.add(year, "basic.inScope", x);
        String fund = d.insuranceType() == InsuranceType.EMPLOYEE ? "310100" : "390100";
        if (d.upstream() != null) {
            Money paid = d.upstream().basicFund();
            ledger.add(year, "basic.paid", paid);
            layers.add(new LayerPayment(Layer.BASIC, fund, "基本医疗保险统筹基金", paid, x, cumulative, List.of(), null, null, null,
                    "national core system (hifp_pay)", UPSTREAM_BASIC_NOTES));
            return paid;
        }
        if (rules == null) {
            throw new PolicyNotInForceException(policy.version() + " declares no basic insurance for " + d.insuranceType());
        }
        Money deductible = rules.deductible().value();
        BigDecimal ratio = rules.ratios().get(d.hospitalLevel()).value();
        long aboveBefore = Math.max(Math.subtractExact(cumulative.fen(), deductible.fen()), 0);
        long aboveAfter = Math.max(Math.subtractExact(Math.addExact(cumulative.fen(), x.fen()), deductible.fen()), 0);
        long raw = Math.subtractExact(Money.timesHalfUp(aboveAfter, ratio), Money.timesHalfUp(aboveBefore, ratio));
        Money cap = rules.annualCap().value();
        long payFen = clip(raw, cap, ledger.fen(year, "basic.paid"));
        Money pay = Money.ofFen(payFen);
        ledger.add(year, "basic.paid", payFen);
        List<BandUse> bands = aboveAfter == aboveBefore ? List.of()
                : List.of(new BandUse(deductible, null, Money.ofFen(aboveAfter - aboveBefore), ratio, Money.ofFen(raw),
                        rules.ratios().get(d.hospitalLevel()).clause()));
        List<String> notes = basicNotes(rules, d.hospitalLevel(), cumulative);
        layers.add(new LayerPayment(Layer.BASIC, fund, "基本医疗保险统筹基金", pay, x, cumulative, bands, cap,
                cap == null ? null : Money.ofFen(Math.subtractExact(cap.fen(), ledger.fen(year, "basic.paid"))), null,
                rules.deductible().clause(), notes));
        return pay;
    }

    private static Notes basicNotes(InsuranceRules.Basic rules, HospitalLevel level, Money cumulative) {
        return new Notes() {
            @Override
            List<String> render() {
                return List.of("年度起付线 " + rules.deductible().value() + " 元（" + rules.deductible().clause() + "），本年此前政策范围内费用累计 "
                        + cumulative + " 元", level + " 医院支付比例 " + pct(rules.ratios().get(level).value()));
            }
        };
    }

    private Money criticalIllness(Money basic) {
        Money x = d.inScope().minus(basic);
        InsuranceRules.CriticalIllness rules = policy.insurance.criticalIllness().get(d.insuranceType());
        boolean special = d.visitType() == VisitType.SPECIAL_DRUG && rules != null && rules.specialDrugGeneral() != null;
        String baseKey = special ? "ci.specialDrug.base" : "ci.base";
        String paidKey = special ? "ci.specialDrug.paid" : "ci.paid";
        Money cumulative = ledger.get(year, baseKey);
        String fund = rules != null ? rules.fundCode() : (d.insuranceType() == InsuranceType.EMPLOYEE ? "330100" : "390200");
        String name = d.insuranceType() == InsuranceType.EMPLOYEE ? "职工大额医疗费用补助/职工大病保险" : "城乡居民大病保险";
        if (d.upstream() != null && d.upstream().criticalIllnessSupplied()) {
            Money paid = d.upstream().criticalIllnessPaid();
            ledger.add(year, baseKey, x);
            ledger.add(year, paidKey, paid);
            layers.add(new LayerPayment(Layer.CRITICAL_ILLNESS, fund, name, paid, x, cumulative, List.of(), null, null, null,
                    "national core system (hifmi_pay/hifob_pay)", UPSTREAM_CI_NOTES));
            return paid;
        }
        if (rules == null || !policy.insurance.criticalIllnessVisitTypes().contains(d.visitType())) {
            String why = rules == null ? "本地区未声明该险种的大病保险参数" : "大病保险不支付" + d.visitType() + "费用（assumed）";
            layers.add(new LayerPayment(Layer.CRITICAL_ILLNESS, fund, name, Money.ZERO, x, cumulative, List.of(), null, null,
                    why, "assumed", List.of()));
            return Money.ZERO;
        }
        boolean tilted = rules.tilt() != null && holdsAny(rules.tilt().identityTypes());
        Schedule schedule;
        if (special) {
            schedule = tilted && rules.specialDrugTilted() != null ? rules.specialDrugTilted() : rules.specialDrugGeneral();
        } else {
            schedule = tilted ? rules.tilt().schedule() : rules.general();
        }
        ledger.add(year, baseKey, x);
        Money pay = applySchedule(schedule, cumulative, x, year, paidKey, null);
        boolean upstreamBasic = d.upstream() != null;
        Supplier<List<String>> notes = () -> {
            List<String> lines = new ArrayList<>(3);
            if (upstreamBasic) {
                // only basic came from the core system (hifmi_pay/hifob_pay absent): critical illness is ours, tilt included
                lines.add("基本医保已由医保核心系统结算（hifp_pay），大病保险由本系统按本地区政策在其基础上计算");
            }
            if (tilted) {
                lines.add("困难群众大病保险倾斜支付（" + rules.tilt().clause() + "）");
            }
            if (special) {
                lines.add("大病保险特殊药品");
            }
            return lines;
        };
        layers.add(layer(Layer.CRITICAL_ILLNESS, fund, name, pay, x, cumulative, schedule, year, paidKey, null,
                tilted ? rules.tilt().clause() : schedule.bands().get(0).ratio().clause(), notes, null));
        return pay;
    }

    // ---------------------------------------------------------------- assistance

    private Money assistance(Applied applied, VisitType visit, Money burden, String referralExcluded) {
        String fund = policy.assistanceFundCode;
        Money zero = Money.ZERO;
        if (referralExcluded == null) {
            ledger.add(year, BURDEN[visit.ordinal()], burden);
            for (int i = 0; i < grants.size(); i++) {
                if (grantCovers[i]) {
                    ledger.add(grantScopes[i], BURDEN[visit.ordinal()], burden);
                }
            }
        }
        if (applied == null) {
            Why why = noCategory();
            layers.add(excluded(Layer.ASSISTANCE, fund, "医疗救助", burden, why.text(), why.clause()));
            return zero;
        }
        Category c = applied.category();
        if (referralExcluded != null) {
            layers.add(excluded(Layer.ASSISTANCE, fund, "医疗救助", burden, referralExcluded, policy.referralRequiredOutsideRegion.clause()));
            return zero;
        }
        if (!c.visitTypes().contains(visit)) {
            layers.add(excluded(Layer.ASSISTANCE, fund, "医疗救助", burden, c.name() + "的救助范围不含" + visit + "费用", c.clause()));
            return zero;
        }
        String scope = applied.scope();
        // What this discharge just added to the scope's burden is excluded from "before".
        long cumulativeFen = 0;
        for (VisitType v : c.visitTypes()) {
            cumulativeFen = Math.addExact(cumulativeFen, before.fen(scope, BURDEN[v.ordinal()]));
        }
        Money cumulative = Money.ofFen(cumulativeFen);
        Cited<Money> subCap = c.subCaps().get(visit);
        Money subRemaining = subCap == null ? null : subCap.value().minus(ledger.get(scope, PAID_BY_VISIT[visit.ordinal()])).atLeastZero();
        Money pay;
        Category.BedDayQuota quota = c.bedDayQuota();
        boolean byBedDay = quota != null && visit == VisitType.INPATIENT && d.diseaseCode() != null
                && quota.diseases().contains(d.diseaseCode());
        if (byBedDay) {
            Money raw = quota.perDay().value().times(BigDecimal.valueOf(d.bedDays()), RoundingMode.HALF_UP).min(burden);
            pay = Money.ofFen(clip(raw.fen(), c.schedule().cap().value(), ledger.fen(scope, "assistance.paid")));
            if (subRemaining != null) {
                pay = pay.min(subRemaining);
            }
            ledger.add(scope, "assistance.paid", pay);
        } else {
            pay = applySchedule(c.schedule(), cumulative, burden, scope, "assistance.paid", subRemaining);
        }
        // the sub-cap's line says what remains of it after this payment
        Money subCapLeft = null;
        if (subCap != null) {
            ledger.add(scope, PAID_BY_VISIT[visit.ordinal()], pay);
            subCapLeft = subCap.value().minus(ledger.get(scope, PAID_BY_VISIT[visit.ordinal()])).atLeastZero();
        }
        Supplier<List<String>> notes = assistanceNotes(applied, visit, !scope.equals(year), byBedDay ? d.bedDays() : -1, subCap,
                subCapLeft);
        LayerPayment payment;
        if (byBedDay) {
            Money cap = c.schedule().cap().value();
            payment = new LayerPayment(Layer.ASSISTANCE, fund, "医疗救助", pay, burden, cumulative, List.of(), cap,
                    cap == null ? null : cap.minus(ledger.get(scope, "assistance.paid")), null, quota.perDay().clause(),
                    Notes.lazy(notes));
        } else {
            payment = layer(Layer.ASSISTANCE, fund, "医疗救助", pay, burden, cumulative, c.schedule(), scope, "assistance.paid", null,
                    c.clause(), notes, applied.window());
        }
        layers.add(byBedDay && applied.window() != null ? payment.within(applied.window()) : payment);
        return pay;
    }

    /**
     * The assistance layer's own lines (the schedule's follow in {@link #layer}), from values
     * captured now: {@code bedDays} is −1 unless the bed-day quota replaced the schedule, {@code subCapLeft} what
     * remains of the sub-cap after this payment.
     */
    private Supplier<List<String>> assistanceNotes(Applied applied, VisitType visit, boolean grantScope, int bedDays,
                                                   Cited<Money> subCap, Money subCapLeft) {
        RegionPolicy policy = this.policy;
        boolean asInpatient = visit != d.visitType();
        return () -> {
            Category c = applied.category();
            List<String> lines = new ArrayList<>(4);
            lines.add("救助类别：" + c.name() + "（" + String.join("、", applied.because()) + "）");
            if (grantScope) {
                lines.add("依申请救助：起付标准与限额按申请所覆盖期间累计（" + policy.grants.get(c.viaGrant()).clause() + "）");
            }
            if (applied.window() != null) {
                lines.add(applied.window().describe());
            }
            if (asInpatient) {
                lines.add("该病种门诊费用按住院救助政策纳入救助范围");
            }
            if (bedDays >= 0) {
                Cited<Money> perDay = c.bedDayQuota().perDay();
                lines.add("按病床日定额救助：" + perDay.value() + " 元/床日 × " + bedDays + " 床日（" + perDay.clause() + "）");
            }
            if (subCap != null) {
                lines.add(visit + " 子限额 " + subCap.value() + " 元（" + subCap.clause() + "），剩余 " + subCapLeft + " 元");
            }
            return lines;
        };
    }

    private void secondary(Applied applied, VisitType visit, Money remaining, String referralExcluded) {
        SecondaryLayer s = policy.secondary;
        if (s == null) {
            return;
        }
        if (referralExcluded != null) {
            layers.add(excluded(Layer.SECONDARY_ASSISTANCE, s.fundCode(), s.name(), remaining, referralExcluded, s.clause()));
            return;
        }
        String locationExcluded = !s.allowedLocations().contains(d.location())
                ? d.location() + " 就医不享受" + s.name() + "（" + s.clause() + "）"
                : referralExclusion(s.referralRequiredOutsideRegion(), s.name());
        // Jiujiang 三(三)2(5): with a look-back, only discharges inside the person's window count, for the base as for the
        // payment; without one, the layer's base is the whole year's (the digest's annual rule).
        boolean windowed = s.lookbackMonths().value() > 0;
        LayerWindow window = windowed ? recipientWindow(s.lookbackMonths()) : null;
        if (locationExcluded == null && s.visitTypes().contains(visit) && (!windowed || window != null)) {
            ledger.add(year, SECONDARY_BASE[visit.ordinal()], remaining);
            for (int i = 0; i < grants.size(); i++) {
                if (grantCovers[i]) {
                    ledger.add(grantScopes[i], SECONDARY_BASE[visit.ordinal()], remaining);
                }
            }
        }
        if (windowed && window == null) {
            layers.add(excluded(Layer.SECONDARY_ASSISTANCE, s.fundCode(), s.name(), remaining, "出院日期 " + day + " 不在" + s.name()
                    + "计入期间内（救助对象身份有效期间；当年内新增的救助对象自身份认定前" + s.lookbackMonths().value() + "个月起），不享受"
                    + s.name() + "，也不计入其年度累计", s.lookbackMonths().clause()));
            return;
        }
        Applied a = applied != null ? applied : lookback();
        if (a == null) {
            layers.add(excluded(Layer.SECONDARY_ASSISTANCE, s.fundCode(), s.name(), remaining, "出院日期无有效救助身份", s.clause()));
            return;
        }
        Schedule schedule = s.byCategory().get(a.category().id());
        if (schedule == null) {
            layers.add(excluded(Layer.SECONDARY_ASSISTANCE, s.fundCode(), s.name(), remaining, a.category().name() + "不享受" + s.name(), s.clause()));
            return;
        }
        if (locationExcluded != null) {
            layers.add(excluded(Layer.SECONDARY_ASSISTANCE, s.fundCode(), s.name(), remaining, locationExcluded, s.clause()));
            return;
        }
        if (!s.visitTypes().contains(visit)) {
            layers.add(excluded(Layer.SECONDARY_ASSISTANCE, s.fundCode(), s.name(), remaining, s.name() + "不含" + visit + "费用", s.clause()));
            return;
        }
        if (s.requiresGrant() != null && !hasGrant(s.requiresGrant())) {
            // counted toward the window's base all the same: an approval later in the year pays on it (on replay)
            LayerPayment none = excluded(Layer.SECONDARY_ASSISTANCE, s.fundCode(), s.name(), remaining,
                    s.name() + "依申请给予，本年度尚无批准的申请", policy.grants.get(s.requiresGrant()).clause());
            layers.add(window == null ? none : none.within(window));
            return;
        }
        String scope = a.scope();
        long cumulativeFen = 0;
        for (VisitType v : s.visitTypes()) {
            cumulativeFen = Math.addExact(cumulativeFen, before.fen(scope, SECONDARY_BASE[v.ordinal()]));
        }
        Money cumulative = Money.ofFen(cumulativeFen);
        Money sharedCapRemaining = null;
        if (s.countsAgainstAssistanceCap() && a.category().schedule().capped()) {
            sharedCapRemaining = Money.ofFen(Math.max(Math.subtractExact(a.category().schedule().cap().value().fen(),
                    ledger.fen(scope, "assistance.paid")), 0));
        }
        Money pay = applySchedule(schedule, cumulative, remaining, scope, "secondary.paid", sharedCapRemaining);
        if (s.countsAgainstAssistanceCap()) {
            ledger.add(scope, "assistance.paid", pay);
        }
        boolean newRecipient = a != applied;
        Supplier<List<String>> notes = () -> {
            List<String> lines = new ArrayList<>(3);
            lines.add("基数：经基本医保、大病保险、医疗救助后政策范围内个人负担，年度累计");
            if (newRecipient) {
                lines.add("当年新增救助对象，身份认定前" + s.lookbackMonths().value() + "个月内的费用可追溯（" + s.lookbackMonths().clause() + "）");
            }
            if (window != null) {
                lines.add(window.describe());
            }
            return lines;
        };
        layers.add(layer(Layer.SECONDARY_ASSISTANCE, s.fundCode(), s.name(), pay, remaining, cumulative, schedule, scope,
                "secondary.paid", null, s.clause(), notes, window));
    }

    /**
     * Jiujiang 三(三)2(5): the stretch of the discharge's natural year that contains the discharge date and in which the
     * person is a recipient (holds an identity of a category under the region's identity timing) or is at most
     * {@code lookback} months before becoming one; null when the date lies in no such stretch. A recipient since
     * before the year counts from 1 January; the look-back never reaches into the previous year (年度累计, 当年内新增).
     * Equivalent to "a category applies or {@link #lookback()} finds one", so payment and base use the same dates.
     */
    private LayerWindow recipientWindow(Cited<Integer> lookback) {
        LocalDate yearStart = janFirst(day.getYear());
        LocalDate yearEnd = janFirst(day.getYear() + 1);
        // one span is the usual case: it needs no list, no sort and no merge
        LocalDate onlyStart = null;
        LocalDate onlyEnd = null;
        List<LocalDate[]> spans = null;
        for (IdentityPeriod p : person.identities()) {
            if (!inIdentityCategory(p.type())) {
                continue;
            }
            LocalDate from = policy.timing.effectiveFrom(p);
            LocalDate until = policy.timing.effectiveUntil(p);
            if (!from.isBefore(yearEnd) || (until != null && !until.isAfter(yearStart))) {
                continue;
            }
            LocalDate start = from.minusMonths(lookback.value());
            start = start.isBefore(yearStart) ? yearStart : start;
            LocalDate end = until == null || until.isAfter(yearEnd) ? yearEnd : until;
            if (start.isBefore(end)) {
                if (onlyStart == null && spans == null) {
                    onlyStart = start;
                    onlyEnd = end;
                    continue;
                }
                if (spans == null) {
                    spans = new ArrayList<>();
                    spans.add(new LocalDate[] {onlyStart, onlyEnd});
                }
                spans.add(new LocalDate[] {start, end});
            }
        }
        LocalDate start = onlyStart;
        LocalDate end = onlyEnd;
        if (spans != null) {
            spans.sort(Comparator.comparing((LocalDate[] span) -> span[0]));
            start = null;
            end = null;
        }
        for (LocalDate[] span : spans == null ? List.<LocalDate[]>of() : spans) {
            if (end != null && !span[0].isAfter(end)) {
                end = span[1].isAfter(end) ? span[1] : end;
                continue;
            }
            if (start != null && !day.isBefore(start) && day.isBefore(end)) {
                break;
            }
            start = span[0];
            end = span[1];
        }
        if (start == null || day.isBefore(start) || !day.isBefore(end)) {
            return null;
        }
        if (start.equals(yearStart) && end.equals(yearEnd)) {
            // the usual window: a recipient all year
            return policy.wholeYearWindow(day.getYear(), lookback.clause());
        }
        return new LayerWindow(start, end.minusDays(1), lookback.clause());
    }

    private boolean inIdentityCategory(String type) {
        for (Category c : policy.categories) {
            if (c.viaGrant() == null && c.identityTypes().contains(type)) {
                return true;
            }
        }
        return false;
    }

    /** A category determined within the look-back after this discharge, in the same year (Jiujiang 三(三)2(5)). */
    private Applied lookback() {
        int months = policy.secondary.lookbackMonths().value();
        if (months <= 0) {
            return null;
        }
        Applied best = null;
        for (Category c : policy.categories) {
            if (c.viaGrant() != null) {
                continue;
            }
            for (IdentityPeriod p : person.identities()) {
                LocalDate from = policy.timing.effectiveFrom(p);
                if (c.identityTypes().contains(p.type()) && from.isAfter(day) && from.getYear() == day.getYear()
                        && !day.isBefore(from.minusMonths(months))
                        && (best == null || c.rank() < best.category().rank())) {
                    best = new Applied(c, List.of(p.type()), year, null);
                }
            }
        }
        return best;
    }

    private boolean hasGrant(String kind) {
        for (int i = 0; i < grants.size(); i++) {
            if (grantCovers[i] && grants.get(i).kind().equals(kind)) {
                return true;
            }
        }
        return false;
    }

    private void backstop(Applied applied, VisitType visit, String referralExcluded) {
        if (applied == null || applied.category().backstopShare() == null) {
            return;
        }
        Category c = applied.category();
        String name = "财政兜底（目录外费用）";
        if (referralExcluded != null) {
            layers.add(excluded(Layer.BACKSTOP, c.backstopFundCode(), name, d.outOfCatalogue(), referralExcluded, c.backstopShare().clause()));
            return;
        }
        if (!c.visitTypes().contains(visit)) {
            layers.add(excluded(Layer.BACKSTOP, c.backstopFundCode(), name, d.outOfCatalogue(), c.name() + "的救助范围不含" + visit + "费用", c.clause()));
            return;
        }
        Money limit = d.totalCost().times(c.backstopShare().value(), RoundingMode.HALF_UP);
        Money pay = d.outOfCatalogue().min(limit);
        ledger.add(year, "backstop.paid", pay);
        Money total = d.totalCost();
        layers.add(new LayerPayment(Layer.BACKSTOP, c.backstopFundCode(), name, pay, d.outOfCatalogue(), Money.ZERO, List.of(), limit,
                limit.minus(pay), null, c.backstopShare().clause(),
                Notes.lazy(() -> List.of("医保基金支付范围外的个人负担，不超过医疗总费用 " + total + " 元的 " + pct(c.backstopShare().value())
                        + "（" + limit + " 元），由统筹财政资金、慈善救助等解决"))));
    }

    // ---------------------------------------------------------------- Shanxi 八 and 九

    private SingleDiseaseRules.Disease singleDisease(Applied applied) {
        SingleDiseaseRules rules = policy.singleDisease;
        if (rules == null || applied == null || applied.category().singleDiseaseRatio() == null || d.diseaseCode() == null
                || !d.designatedMajorDiseaseHospital() || !rules.insuranceTypes().contains(d.insuranceType())
                || d.visitType() != VisitType.INPATIENT) {
            return null;
        }
        return rules.diseases().get(d.diseaseCode());
    }

    /** Returns what the hospital absorbs above the cap price. */
    private Money settleSingleDisease(Applied applied, SingleDiseaseRules.Disease disease) {
        SingleDiseaseRules rules = policy.singleDisease;
        Category c = applied.category();
        Money cap = disease.capPrice().value();
        Money within = d.totalCost().min(cap);
        Money hospital = d.totalCost().minus(within);
        String capNote = disease.name() + "单病种最高限额 " + cap + " 元（" + disease.capPrice().clause() + "），限额内费用 " + within + " 元";

        Money basic;
        if (d.upstream() != null) {
            basic = d.upstream().basicFund();
            if (basic.isGreaterThan(within)) {
                throw new InvalidDischargeException("upstream.basicFund", "basic fund paid " + basic + ", more than the single-disease cap amount " + within);
            }
        } else {
            basic = within.times(rules.basicRatio().value(), RoundingMode.HALF_UP);
        }
        ledger.add(year, "basic.inScope", within);
        ledger.add(year, "basic.paid", basic);
        layers.add(new LayerPayment(Layer.BASIC, "390100", "城乡居民基本医疗保险基金", basic, within, Money.ZERO,
                d.upstream() != null ? List.of() : List.of(new BandUse(Money.ZERO, cap, within, rules.basicRatio().value(), basic, rules.basicRatio().clause())),
                null, null, null, rules.clause(), List.of(capNote)));
        layers.add(excluded(Layer.CRITICAL_ILLNESS, "390200", "城乡居民大病保险", Money.ZERO,
                "单病种限额付费：限额内费用由医保基金、医疗救助基金和患者共同负担", rules.clause()));

        Money sd = within.times(c.singleDiseaseRatio().value(), RoundingMode.HALF_UP).min(within.minus(basic));
        ledger.add(year, "singleDisease.paid", sd);
        List<String> notes = new ArrayList<>();
        notes.add(capNote);
        notes.add("医疗救助基金救助 " + pct(c.singleDiseaseRatio().value()) + "，不受年度救助限额限制（" + c.singleDiseaseRatio().clause() + "）");
        Money extra = Money.ZERO;
        Money patientWithin = within.minus(basic).minus(sd);
        if (c.singleDiseaseRemainderAssisted() && patientWithin.isPositive()) {
            Money cumulative = Money.ZERO;
            for (VisitType v : c.visitTypes()) {
                cumulative = cumulative.plus(before.get(year, BURDEN[v.ordinal()]));
            }
            extra = applySchedule(c.schedule(), cumulative, patientWithin, year, "assistance.paid", null);
            notes.add(c.name() + "限额内个人负担 " + patientWithin + " 元再按住院救助政策保障 " + extra + " 元（" + c.clause() + "）");
        }
        ledger.add(year, "burden.INPATIENT", patientWithin);
        layers.add(new LayerPayment(Layer.ASSISTANCE, policy.assistanceFundCode, "医疗救助（重特大疾病单病种）", sd.plus(extra), within, Money.ZERO,
                List.of(new BandUse(Money.ZERO, cap, within, c.singleDiseaseRatio().value(), sd, c.singleDiseaseRatio().clause())),
                null, null, null, rules.clause(), notes));
        layers.add(new LayerPayment(Layer.HOSPITAL_BORNE, "999996", "超限额部分由定点医疗机构承担", hospital, d.totalCost(), Money.ZERO,
                List.of(), cap, null, null, rules.clause(), List.of("总费用 " + d.totalCost() + " 元超过限额 " + cap + " 元的部分")));
        return hospital;
    }

    private void careGrant() {
        CareGrantRules rules = policy.careGrant;
        if (rules == null || !d.lateStage()) {
            return;
        }
        if (!holdsAny(rules.identityTypes())) {
            grantsToPerson.add(excluded(Layer.CARE_GRANT, null, "大病关怀救助", Money.ZERO, "出院日期不属于重点救助对象或建档立卡贫困人口", rules.clause()));
            return;
        }
        if (ledger.get("lifetime", "careGrant.paid").isPositive()) {
            grantsToPerson.add(excluded(Layer.CARE_GRANT, null, "大病关怀救助", Money.ZERO, "每人一次性给予，已领取", rules.clause()));
            return;
        }
        Money amount = rules.amount().value();
        ledger.add("lifetime", "careGrant.paid", amount);
        grantsToPerson.add(new LayerPayment(Layer.CARE_GRANT, null, "大病关怀救助", amount, Money.ZERO, Money.ZERO, List.of(), amount,
                Money.ZERO, null, rules.amount().clause(), List.of("重特大疾病晚期，一次性大病关怀救助，直接支付给本人，不计入本次医疗费用结算")));
    }

    // ---------------------------------------------------------------- shared mechanics

    /**
     * {@code F(cumulative + x) − F(cumulative)} of the schedule, clipped by what remains of its cap (read
     * from {@code scope/paidKey}) and by {@code alsoAtMost} (a sub-cap), then recorded in the ledger.
     */
    private Money applySchedule(Schedule s, Money cumulative, Money x, String scope, String paidKey, Money alsoAtMost) {
        Money inc = incomeIfNeeded(s);
        long before = cumulative.fen();
        long raw = Math.subtractExact(s.cumulativeFen(Math.addExact(before, x.fen()), inc), s.cumulativeFen(before, inc));
        long pay = clip(raw, s.cap().value(), ledger.fen(scope, paidKey));
        if (alsoAtMost != null) {
            pay = Math.min(pay, alsoAtMost.fen());
        }
        pay = Math.min(pay, x.fen());
        ledger.add(scope, paidKey, pay);
        return Money.ofFen(pay);
    }

    /** {@code raw} clipped to what remains of {@code cap} (none when null) after {@code paidBefore}, never below 0. */
    private static long clip(long raw, Money cap, long paidBefore) {
        if (cap == null) {
            return Math.max(raw, 0);
        }
        return Math.max(Math.min(raw, Math.max(Math.subtractExact(cap.fen(), paidBefore), 0)), 0);
    }

    /**
     * A layer paid by schedule {@code s}: its bands and cap now, its notes ({@code head}'s lines, then the schedule's)
     * when read; {@code window} as in {@link LayerPayment#window()}.
     */
    private LayerPayment layer(Layer layer, String fund, String name, Money pay, Money base, Money cumulative, Schedule s,
                               String scope, String paidKey, String excludedBy, String clause, Supplier<List<String>> head,
                               LayerWindow window) {
        Money inc = incomeIfNeeded(s);
        Money cap = s.cap().value();
        List<BandUse> uses = s.uses(cumulative, base, inc);
        long raw = 0;
        for (int i = 0; i < uses.size(); i++) {
            raw = Math.addExact(raw, uses.get(i).amount().fen());
        }
        long rawFen = raw;
        boolean clipped = pay.fen() < raw && !uses.isEmpty();
        return new LayerPayment(layer, fund, name, pay, base, cumulative, uses, cap,
                cap == null ? null : Money.ofFen(Math.max(Math.subtractExact(cap.fen(), ledger.fen(scope, paidKey)), 0)), excludedBy,
                clause, scheduleNotes(head, s, inc, cumulative, pay, clipped ? Money.ofFen(rawFen) : null), window);
    }

    /** {@code head}, then the schedule's deductible and cap, and what the cap cut from {@code raw} (null: nothing). */
    private static Notes scheduleNotes(Supplier<List<String>> head, Schedule s, Money inc, Money cumulative, Money pay, Money raw) {
        return new Notes() {
            @Override
            List<String> render() {
                return scheduleLines(head.get(), s, inc, cumulative, pay, raw);
            }
        };
    }

    private static List<String> scheduleLines(List<String> head, Schedule s, Money inc, Money cumulative, Money pay, Money raw) {
        List<String> all = new ArrayList<>(head);
        Money deductible = s.deductible(inc);
        if (deductible.isPositive()) {
            all.add("起付标准（年度累计）" + deductible + " 元" + (s.bands().get(0).from().needsIncome()
                    ? "（" + s.bands().get(0).from().describe() + "，人均可支配收入 " + inc + " 元）" : "")
                    + "（" + s.bands().get(0).from().clause() + "）；本年此前累计 " + cumulative + " 元");
        }
        Money cap = s.cap().value();
        if (cap != null) {
            all.add("年度限额 " + cap + " 元（" + s.cap().clause() + "）");
        } else {
            all.add("不设年度限额（" + s.cap().clause() + "）");
        }
        if (raw != null) {
            all.add("按比例应付 " + raw + " 元，受限额约束实付 " + pay + " 元");
        }
        return all;
    }

    private static LayerPayment excluded(Layer layer, String fund, String name, Money base, String why, String clause) {
        return new LayerPayment(layer, fund, name, Money.ZERO, base, Money.ZERO, List.of(), null, null, why, clause, List.of());
    }

    private static final List<String> UPSTREAM_BASIC_NOTES = List.of("基本医保已由医保核心系统结算（hifp_pay），本系统核对后在其基础上计算救助");
    private static final List<String> UPSTREAM_CI_NOTES = List.of("大病保险已由医保核心系统结算，本系统核对后在其基础上计算救助");

    private static final ConcurrentHashMap<BigDecimal, String> PERCENTS = new ConcurrentHashMap<>();

    /** {@code 0.65 → "65%"}; the policy files hold a handful of distinct ratios, so the texts are kept. */
    static String pct(BigDecimal ratio) {
        return PERCENTS.computeIfAbsent(ratio, r -> r.movePointRight(2).stripTrailingZeros().toPlainString() + "%");
    }
}

package org.onestop.policy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One region's policy version, loaded from its policy file: immutable and thread-safe.
 * {@link #settle} is the three-layer calculation as a pure function.
 */
public final class RegionPolicy {

    private final String regionCode;
    private final String name;
    private final String version;
    private final String source;
    private final LocalDate inForceFrom;
    final IdentityTiming timing;
    private final Map<Integer, Cited<Money>> income;
    final InsuranceRules insurance;
    final String assistanceFundCode;
    final String assistanceClause;
    final Cited<Boolean> referralRequiredOutsideRegion;
    final List<Category> categories;
    final SecondaryLayer secondary;
    final Map<String, GrantRule> grants;
    /** The grant rules a pushed identity determines (Yantai), kept apart: most regions have none, and say so at once. */
    private final List<GrantRule> determinedByIdentity;
    final SingleDiseaseRules singleDisease;
    final CareGrantRules careGrant;
    private final EnrollmentRules enrollment;
    private final WarningRules warnings;
    private final String title;

    RegionPolicy(String regionCode, String name, String version, String source, LocalDate inForceFrom,
                 IdentityTiming timing, Map<Integer, Cited<Money>> income, InsuranceRules insurance,
                 String assistanceFundCode, String assistanceClause, Cited<Boolean> referralRequiredOutsideRegion,
                 List<Category> categories, SecondaryLayer secondary, Map<String, GrantRule> grants,
                 SingleDiseaseRules singleDisease, CareGrantRules careGrant, EnrollmentRules enrollment,
                 WarningRules warnings, String title) {
        this.regionCode = regionCode;
        this.title = title;
        this.name = name;
        this.version = version;
        this.source = source;
        this.inForceFrom = inForceFrom;
        this.timing = timing;
        this.income = Map.copyOf(income);
        this.insurance = insurance;
        this.assistanceFundCode = assistanceFundCode;
        this.assistanceClause = assistanceClause;
        this.referralRequiredOutsideRegion = referralRequiredOutsideRegion;
        this.categories = List.copyOf(categories);
        this.secondary = secondary;
        this.grants = Map.copyOf(grants);
        this.determinedByIdentity = this.grants.values().stream().filter(r -> r.determinedBy() != null)
                .sorted(Comparator.comparing(GrantRule::kind)).toList();
        this.singleDisease = singleDisease;
        this.careGrant = careGrant;
        this.enrollment = enrollment;
        this.warnings = warnings;
    }

    /** The assistance categories' names by id, in rank order ({@code class1} → 一类人员（特困人员、孤儿）): for reports. */
    public Map<String, String> categoryNames() {
        Map<String, String> names = new LinkedHashMap<>();
        categories.stream().sorted(Comparator.comparingInt(Category::rank)).forEach(c -> names.put(c.id(), c.name()));
        return names;
    }

    /**
     * Settles one discharge: basic insurance (or the upstream figures), critical illness, assistance
     * under the highest-ranked category valid on the discharge date, the region's extra layers, and
     * what the patient pays. Pure: the same inputs give the same settlement.
     *
     * @param ledger the person's accumulators before this discharge (all scopes; {@link Ledger#EMPTY} at first)
     * @throws InvalidDischargeException when the discharge is inconsistent (names the field)
     * @throws PolicyNotInForceException when the discharge date is before this version or an income figure is missing
     */
    public Settlement settle(Discharge discharge, PersonContext person, Ledger ledger) {
        if (discharge.dischargeDate().isBefore(inForceFrom) && !grantReachesBack(discharge, person)) {
            throw new PolicyNotInForceException(version + " is in force from " + inForceFrom + ", not on " + discharge.dischargeDate());
        }
        return new Settler(this, discharge, person, ledger).settle();
    }

    /**
     * Whether an approved grant under this version reaches back to a discharge dated before it (Yantai's
     * and Liaoning's illness-poor look-back of 12 months may cross into the previous version's time):
     * such a discharge is re-settled under the version that approved the grant.
     */
    boolean grantReachesBack(Discharge discharge, PersonContext person) {
        for (Grant g : grantsOf(person)) {
            GrantRule rule = grants.get(g.kind());
            if (rule != null && !g.applicationDate().isBefore(inForceFrom) && rule.covers(g, discharge.dischargeDate())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The grants that count for the person under this version: those an insurance office registered, plus, where a
     * pushed identity is itself the determination (Yantai 二(一), 三(七)), one grant per such identity period dated at
     * its start. A year that already has a grant of a once-a-year kind gets no second one (一个年度内不得重复申请);
     * an office registration comes first. A withdrawn period (exit on its first day) determines nothing.
     */
    List<Grant> grantsOf(PersonContext person) {
        List<Grant> all = null;
        for (GrantRule rule : determinedByIdentity) {
            for (IdentityPeriod p : person.identities()) {
                if (!p.type().equals(rule.determinedBy()) || (p.until() != null && !p.until().isAfter(p.from()))) {
                    continue;
                }
                if (all == null) {
                    all = new ArrayList<>(person.grants());
                }
                boolean taken = false;
                for (Grant g : all) {
                    taken |= rule.oncePerYear() && g.kind().equals(rule.kind()) && g.applicationDate().getYear() == p.from().getYear();
                }
                if (!taken) {
                    all.add(new Grant(GrantRule.determinationId(p), rule.kind(), p.from()));
                }
            }
        }
        return all == null ? person.grants() : all;
    }

    /** {@code year}'s whole-year windows by clause, kept because most windowed layers of a year use the same one. */
    private final ConcurrentHashMap<String, LayerWindow[]> wholeYearWindows = new ConcurrentHashMap<>();

    /** The window 1 January to 31 December of {@code year} under {@code clause}. */
    LayerWindow wholeYearWindow(int year, String clause) {
        LayerWindow[] byYear = wholeYearWindows.computeIfAbsent(clause, c -> new LayerWindow[400]);
        int i = year - 1900;
        if (i < 0 || i >= byYear.length) {
            return new LayerWindow(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), clause);
        }
        LayerWindow w = byYear[i];
        if (w == null) {
            w = new LayerWindow(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), clause);
            byYear[i] = w; // racy but benign: the record is immutable and every thread builds an equal one
        }
        return w;
    }

    public String regionCode() {
        return regionCode;
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    /** The document's title as the text gives it (e.g. 《九江市健全重特大疾病医疗保险和救助制度实施方案》): what a statement names. */
    public String title() {
        return title;
    }

    /** The original text this file encodes (under shared/policies). */
    public String source() {
        return source;
    }

    public LocalDate inForceFrom() {
        return inForceFrom;
    }

    /** Per-capita disposable income by the year it describes (declared as assumed where the text gives none). */
    public Map<Integer, Cited<Money>> income() {
        return income;
    }

    /** The income figure thresholds use for a discharge in {@code year}: the previous year's (上一年度). */
    public Money incomeForDischargeYear(int year) {
        Cited<Money> figure = income.get(year - 1);
        if (figure == null) {
            throw new PolicyNotInForceException(version + " declares no per-capita disposable income for " + (year - 1)
                    + " (assumptions.income), needed for a discharge in " + year);
        }
        return figure.value();
    }

    public Optional<EnrollmentRules> enrollment() {
        return Optional.ofNullable(enrollment);
    }

    public Optional<WarningRules> warnings() {
        return Optional.ofNullable(warnings);
    }

    /** Grant kinds this region accepts on application (e.g. {@code TILTED}, {@code ILLNESS_POOR}). */
    public List<String> grantKinds() {
        return List.copyOf(grants.keySet());
    }

    /** The window {@code [from, until)} of discharges an application covers, or empty for an unknown kind. */
    public Optional<LocalDate[]> grantWindow(Grant grant) {
        GrantRule rule = grants.get(grant.kind());
        return rule == null ? Optional.empty() : Optional.of(new LocalDate[] {rule.from(grant), rule.until(grant)});
    }

    /** Whether a second grant of this kind in the same natural year must be refused (Yantai 三(七)). */
    public boolean grantOncePerYear(String kind) {
        GrantRule rule = grants.get(kind);
        return rule != null && rule.oncePerYear();
    }

    /** Every schedule of the file by its path, for validation. */
    Map<String, Schedule> schedules() {
        Map<String, Schedule> all = new LinkedHashMap<>();
        categories.forEach(c -> all.put("assistance.categories." + c.id(), c.schedule()));
        if (secondary != null) {
            secondary.byCategory().forEach((id, s) -> all.put("secondary.categories." + id, s));
        }
        insurance.criticalIllness().forEach((type, ci) -> {
            all.put("assumptions.criticalIllness." + type + ".general", ci.general());
            if (ci.tilt() != null) {
                all.put("assumptions.criticalIllness." + type + ".tilted", ci.tilt().schedule());
            }
            if (ci.specialDrugGeneral() != null) {
                all.put("assumptions.criticalIllness." + type + ".specialDrug.general", ci.specialDrugGeneral());
            }
            if (ci.specialDrugTilted() != null) {
                all.put("assumptions.criticalIllness." + type + ".specialDrug.tilted", ci.specialDrugTilted());
            }
        });
        return all;
    }

    @Override
    public String toString() {
        return version + " (" + name + " " + regionCode + ", from " + inForceFrom + ")";
    }
}

package org.onestop.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads one policy file into a {@link RegionPolicy}, validating it as it goes: every error names the
 * file, the field and what is wrong (an unknown identity type, overlapping bands, a ratio above
 * 100 %, a missing citation, a category the secondary layer names but the file does not define …).
 */
final class PolicyLoader {

    /** The identity type codes departments push (docs/policies.md lists them with their Chinese names). */
    static final Set<String> IDENTITY_TYPES = Set.of(
            "TEKUN", "ORPHAN", "DE_FACTO_UNSUPPORTED_CHILD", "KEY_DIFFICULT_CHILD", "DIBAO", "DIBAO_MARGINAL",
            "ILLNESS_POOR", "LOW_INCOME", "OTHER_SPECIAL_HARDSHIP", "RETURNED_TO_POVERTY", "UNSTABLE_LIFTED",
            "MARGINAL_AT_RISK", "SUDDEN_HARDSHIP", "LIFTED_UNMONITORED", "REGISTERED_POOR",
            "KEY_ENTITLED_VETERAN", "SIX_CATEGORIES", "TWO_CATEGORIES");

    static final Set<String> DEPARTMENTS = Set.of("CIVIL_AFFAIRS", "RURAL_REVITALIZATION", "VETERANS_AFFAIRS");

    private PolicyLoader() {}

    static RegionPolicy load(String file, InputStream in, Map<String, String> overrides) {
        Map<String, Object> raw;
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (!(parsed instanceof Map)) {
                throw new PolicyFileException(file, "(root)", "is not a YAML mapping");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) parsed;
            raw = m;
        } catch (YAMLException e) {
            throw new PolicyFileException(file, "(syntax)", e.toString());
        } catch (IOException e) {
            throw new PolicyFileException(file, "(file)", "cannot be read: " + e.getMessage());
        }
        applyOverrides(file, raw, overrides);
        return build(new PolicyNode(file, "", raw));
    }

    /** Overrides replace values by dotted path, e.g. {@code assumptions.income.2022 = "35000.00 | assumed (bureau figure)"}. */
    @SuppressWarnings("unchecked")
    private static void applyOverrides(String file, Map<String, Object> raw, Map<String, String> overrides) {
        overrides.forEach((path, value) -> {
            String[] parts = path.split("\\.");
            Map<String, Object> node = raw;
            for (int i = 0; i < parts.length - 1; i++) {
                Object next = node.get(parts[i]);
                if (next == null) {
                    next = findKey(node, parts[i]);
                }
                if (next instanceof List<?> list && i + 1 < parts.length - 1) {
                    // a list of items with ids (warnings.lines): the next part names the item, e.g. lines.heavy-burden
                    next = itemById(list, parts[++i]);
                }
                if (!(next instanceof Map)) {
                    throw new PolicyFileException(file, path, "override names no such field");
                }
                node = (Map<String, Object>) next;
            }
            String last = parts[parts.length - 1];
            if (!node.containsKey(last) && findKey(node, last) == null) {
                throw new PolicyFileException(file, path, "override names no such field");
            }
            node.keySet().removeIf(k -> String.valueOf(k).equals(last));
            node.put(last, value);
        });
    }

    private static Object itemById(List<?> list, String id) {
        for (Object item : list) {
            if (item instanceof Map<?, ?> m && id.equals(String.valueOf(m.get("id")))) {
                return item;
            }
        }
        return null;
    }

    private static Object findKey(Map<String, Object> node, String key) {
        for (var e : node.entrySet()) {
            if (String.valueOf(e.getKey()).equals(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static RegionPolicy build(PolicyNode root) {
        String region = root.text("region");
        if (!region.matches("\\d{6}")) {
            throw root.get("region").error("'" + region + "' is not a 6-digit GB/T 2260 code");
        }
        LocalDate inForceFrom = date(root.get("inForceFrom"));
        IdentityTiming timing = timing(root.get("identityTiming"));
        PolicyNode assumptions = root.get("assumptions");
        Map<Integer, Cited<Money>> income = new TreeMap<>();
        if (assumptions.has("income")) {
            assumptions.get("income").entries().forEach((year, node) -> income.put(year(node, year), node.money()));
        }
        InsuranceRules insurance = insurance(assumptions);
        PolicyNode assistance = root.get("assistance");
        Cited<Boolean> referral = assistance.has("referralRequiredOutsideRegion")
                ? assistance.get("referralRequiredOutsideRegion").bool() : new Cited<>(false, "assumed");
        Map<String, GrantRule> grants = grants(root.getOrNull("grants"));
        List<Category> categories = categories(assistance.get("categories"), grants);
        Map<String, Category> byId = new LinkedHashMap<>();
        for (Category c : categories) {
            byId.put(c.id(), c);
        }
        SecondaryLayer secondary = root.has("secondary") ? secondary(root.get("secondary"), byId, grants) : null;
        SingleDiseaseRules single = root.has("singleDisease") ? singleDisease(root.get("singleDisease")) : null;
        CareGrantRules care = root.has("careGrant") ? careGrant(root.get("careGrant")) : null;
        EnrollmentRules enrollment = root.has("enrollment") ? enrollment(root.get("enrollment")) : null;
        WarningRules warnings = root.has("warnings") ? warnings(root.get("warnings")) : null;

        RegionPolicy policy = new RegionPolicy(region, root.text("name"), root.text("version"), root.textOr("source", ""),
                inForceFrom, timing, income, insurance, assistance.text("fundCode"), assistance.textOr("cite", ""),
                referral, categories, secondary, grants, single, care, enrollment, warnings,
                root.textOr("title", root.text("version")));
        checkBandsOrdered(root, policy);
        return policy;
    }

    private static int year(PolicyNode node, String year) {
        if (!year.matches("\\d{4}")) {
            throw node.error("'" + year + "' is not a year");
        }
        return Integer.parseInt(year);
    }

    private static LocalDate date(PolicyNode node) {
        try {
            return LocalDate.parse(node.text());
        } catch (DateTimeParseException e) {
            throw node.error("'" + node.text() + "' is not a date (yyyy-MM-dd)");
        }
    }

    private static IdentityTiming timing(PolicyNode node) {
        return new IdentityTiming(node.get("start").enumValue(IdentityTiming.Edge.class),
                node.get("end").enumValue(IdentityTiming.Edge.class), node.text("cite"));
    }

    private static Set<String> identityTypes(PolicyNode node) {
        Set<String> types = new LinkedHashSet<>();
        for (PolicyNode n : node.list()) {
            String t = n.text();
            if (!IDENTITY_TYPES.contains(t)) {
                throw n.error("unknown identity type '" + t + "'");
            }
            if (!types.add(t)) {
                throw n.error("identity type '" + t + "' listed twice");
            }
        }
        return types;
    }

    private static <E extends Enum<E>> Set<E> enums(PolicyNode node, Class<E> type) {
        Set<E> set = EnumSet.noneOf(type);
        for (PolicyNode n : node.list()) {
            set.add(n.enumValue(type));
        }
        return set;
    }

    private static InsuranceRules insurance(PolicyNode assumptions) {
        Map<InsuranceType, InsuranceRules.Basic> basic = new EnumMap<>(InsuranceType.class);
        PolicyNode b = assumptions.get("basic");
        for (var e : b.entries().entrySet()) {
            InsuranceType type = new PolicyNode(b.file(), e.getValue().path(), e.getKey()).enumValue(InsuranceType.class);
            PolicyNode n = e.getValue();
            Map<HospitalLevel, Cited<BigDecimal>> ratios = new EnumMap<>(HospitalLevel.class);
            for (var r : n.get("ratios").entries().entrySet()) {
                ratios.put(new PolicyNode(b.file(), r.getValue().path(), r.getKey()).enumValue(HospitalLevel.class),
                        r.getValue().percent());
            }
            for (HospitalLevel level : HospitalLevel.values()) {
                if (!ratios.containsKey(level)) {
                    throw n.get("ratios").error("has no ratio for " + level);
                }
            }
            basic.put(type, new InsuranceRules.Basic(n.get("deductible").money(), ratios, n.get("annualCap").cap()));
        }
        PolicyNode ci = assumptions.get("criticalIllness");
        Set<VisitType> ciVisits = enums(ci.get("visitTypes"), VisitType.class);
        Map<InsuranceType, InsuranceRules.CriticalIllness> critical = new EnumMap<>(InsuranceType.class);
        for (InsuranceType type : InsuranceType.values()) {
            if (!ci.has(type.name())) {
                continue;
            }
            PolicyNode n = ci.get(type.name());
            InsuranceRules.Tilt tilt = null;
            if (n.has("tilted")) {
                PolicyNode t = n.get("tilted");
                tilt = new InsuranceRules.Tilt(identityTypes(t.get("identityTypes")), t.text("cite"), schedule(t));
            }
            Schedule sdGeneral = null;
            Schedule sdTilted = null;
            if (n.has("specialDrug")) {
                PolicyNode sd = n.get("specialDrug");
                sdGeneral = schedule(sd.get("general"));
                sdTilted = sd.has("tilted") ? schedule(sd.get("tilted")) : null;
            }
            critical.put(type, new InsuranceRules.CriticalIllness(n.text("fundCode"), schedule(n.get("general")), tilt, sdGeneral, sdTilted));
        }
        return new InsuranceRules(basic, ciVisits, critical);
    }

    static Schedule schedule(PolicyNode node) {
        List<Schedule.Band> bands = new ArrayList<>();
        for (PolicyNode band : node.get("bands").list()) {
            AmountRule from = band.get("from").amount();
            AmountRule to = band.has("to") ? band.get("to").amount() : null;
            bands.add(new Schedule.Band(from, to, band.get("ratio").percent()));
        }
        if (bands.isEmpty()) {
            throw node.get("bands").error("has no band");
        }
        return new Schedule(bands, node.get("annualCap").cap());
    }

    private static Map<String, GrantRule> grants(PolicyNode node) {
        Map<String, GrantRule> grants = new LinkedHashMap<>();
        if (node == null) {
            return grants;
        }
        node.entries().forEach((kind, n) -> {
            GrantRule.Window window = n.get("window").enumValue(GrantRule.Window.class);
            Cited<Integer> lookback = n.has("lookbackMonths") ? n.get("lookbackMonths").integer() : null;
            int months = lookback == null ? 0 : lookback.value();
            if (window != GrantRule.Window.APPLICATION_YEAR && months <= 0) {
                throw n.error("window " + window + " needs lookbackMonths");
            }
            boolean once = n.has("oncePerYear") && n.get("oncePerYear").bool().value();
            String determinedBy = null;
            String determinedByClause = null;
            if (n.has("determinedByIdentity")) {
                PolicyNode det = n.get("determinedByIdentity");
                determinedBy = det.text("identityType");
                if (!IDENTITY_TYPES.contains(determinedBy)) {
                    throw det.get("identityType").error("unknown identity type '" + determinedBy + "'");
                }
                determinedByClause = det.text("cite");
            }
            grants.put(kind, new GrantRule(kind, n.text("name"), n.text("cite"), window, months,
                    lookback == null ? n.text("cite") : lookback.clause(), once, determinedBy, determinedByClause));
        });
        return grants;
    }

    private static List<Category> categories(PolicyNode node, Map<String, GrantRule> grants) {
        List<Category> result = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<Integer> ranks = new HashSet<>();
        Map<String, String> typeOwner = new HashMap<>();
        for (PolicyNode c : node.list()) {
            String id = c.text("id");
            if (!ids.add(id)) {
                throw c.get("id").error("category '" + id + "' defined twice");
            }
            int rank = Integer.parseInt(c.text("rank"));
            if (!ranks.add(rank)) {
                throw c.get("rank").error("rank " + rank + " is used by two categories");
            }
            String viaGrant = c.has("viaGrant") ? c.text("viaGrant") : null;
            if (viaGrant != null && !grants.containsKey(viaGrant)) {
                throw c.get("viaGrant").error("grant kind '" + viaGrant + "' is not defined under grants");
            }
            Set<String> types = identityTypes(c.get("identityTypes"));
            if (viaGrant == null) {
                for (String t : types) {
                    String other = typeOwner.put(t, id);
                    if (other != null) {
                        throw c.get("identityTypes").error("identity type " + t + " is already in category " + other);
                    }
                }
            }
            Map<VisitType, Cited<Money>> subCaps = new EnumMap<>(VisitType.class);
            if (c.has("subCaps")) {
                for (var e : c.get("subCaps").entries().entrySet()) {
                    subCaps.put(new PolicyNode(c.file(), e.getValue().path(), e.getKey()).enumValue(VisitType.class), e.getValue().money());
                }
            }
            String backstopFund = null;
            Cited<BigDecimal> backstopShare = null;
            if (c.has("backstop")) {
                backstopFund = c.get("backstop").text("fundCode");
                backstopShare = c.get("backstop").get("shareOfTotal").percent();
            }
            Cited<BigDecimal> sdRatio = c.has("singleDiseaseRatio") ? c.get("singleDiseaseRatio").percent() : null;
            boolean sdRemainder = c.has("singleDiseaseRemainderAssisted") && c.get("singleDiseaseRemainderAssisted").bool().value();
            Set<String> inpatientDiseases = c.has("inpatientDiseases") ? new LinkedHashSet<>(c.get("inpatientDiseases").strings()) : Set.of();
            Category.BedDayQuota quota = null;
            if (c.has("bedDayQuota")) {
                PolicyNode q = c.get("bedDayQuota");
                quota = new Category.BedDayQuota(q.get("perDay").money(), new LinkedHashSet<>(q.get("diseases").strings()));
            }
            boolean care = c.has("careGrant") && c.get("careGrant").bool().value();
            result.add(new Category(id, c.text("name"), rank, types, viaGrant, c.text("cite"),
                    enums(c.get("visitTypes"), VisitType.class), schedule(c), subCaps, backstopFund, backstopShare,
                    sdRatio, sdRemainder, inpatientDiseases, quota, care));
        }
        result.sort((a, b) -> Integer.compare(a.rank(), b.rank()));
        return List.copyOf(result);
    }

    private static SecondaryLayer secondary(PolicyNode node, Map<String, Category> categories, Map<String, GrantRule> grants) {
        String requires = node.has("requiresGrant") ? node.text("requiresGrant") : null;
        if (requires != null && !grants.containsKey(requires)) {
            throw node.get("requiresGrant").error("grant kind '" + requires + "' is not defined under grants");
        }
        Map<String, Schedule> byCategory = new LinkedHashMap<>();
        node.get("categories").entries().forEach((id, n) -> {
            if (!categories.containsKey(id)) {
                throw n.error("names category '" + id + "', which assistance.categories does not define");
            }
            byCategory.put(id, schedule(n));
        });
        Cited<Boolean> referral = node.has("referralRequiredOutsideRegion")
                ? node.get("referralRequiredOutsideRegion").bool() : new Cited<>(false, "assumed");
        Cited<Integer> lookback = node.has("lookbackMonths") ? node.get("lookbackMonths").integer() : new Cited<>(0, "none");
        boolean countsAgainst = node.has("countsAgainstAssistanceCap") && node.get("countsAgainstAssistanceCap").bool().value();
        return new SecondaryLayer(node.text("name"), node.text("fundCode"), node.text("cite"), requires,
                enums(node.get("allowedLocations"), CareLocation.class), referral, lookback,
                enums(node.get("visitTypes"), VisitType.class), countsAgainst, byCategory);
    }

    private static SingleDiseaseRules singleDisease(PolicyNode node) {
        Map<String, SingleDiseaseRules.Disease> diseases = new LinkedHashMap<>();
        node.get("diseases").entries().forEach((code, n) ->
                diseases.put(code, new SingleDiseaseRules.Disease(code, n.text("name"), n.get("capPrice").money())));
        return new SingleDiseaseRules(node.text("cite"), enums(node.get("insuranceTypes"), InsuranceType.class),
                node.get("basicRatio").percent(), diseases);
    }

    private static CareGrantRules careGrant(PolicyNode node) {
        return new CareGrantRules(node.get("amount").money(), identityTypes(node.get("identityTypes")), node.text("cite"));
    }

    private static EnrollmentRules enrollment(PolicyNode node) {
        Map<Integer, Cited<Money>> contribution = new TreeMap<>();
        node.get("contribution").entries().forEach((year, n) -> contribution.put(year(n, year), n.money()));
        PolicyNode period = node.get("collectionPeriod");
        MonthDay from = monthDay(period.get("from"));
        MonthDay to = monthDay(period.get("to"));
        List<EnrollmentRules.Subsidy> subsidies = new ArrayList<>();
        for (PolicyNode s : node.get("subsidies").list()) {
            EnrollmentRules.SubsidyKind kind = s.get("kind").enumValue(EnrollmentRules.SubsidyKind.class);
            Cited<Money> fixed = kind == EnrollmentRules.SubsidyKind.FIXED ? s.get("amount").money() : null;
            Cited<BigDecimal> share = kind == EnrollmentRules.SubsidyKind.SHARE ? s.get("share").percent() : null;
            Cited<BigDecimal> province = s.has("provinceShare") ? s.get("provinceShare").percent() : null;
            subsidies.add(new EnrollmentRules.Subsidy(identityTypes(s.get("identityTypes")), kind, fixed, share, province, s.text("cite")));
        }
        return new EnrollmentRules(node.text("cite"), contribution, from, to, period.get("from").cited()[1],
                node.get("benefitStart").enumValue(EnrollmentRules.BenefitStart.class), subsidies);
    }

    private static MonthDay monthDay(PolicyNode node) {
        String[] c = node.cited();
        try {
            return MonthDay.parse("--" + c[0]);
        } catch (DateTimeParseException e) {
            throw node.error("'" + c[0] + "' is not a month-day (MM-dd)");
        }
    }

    private static WarningRules warnings(PolicyNode node) {
        List<WarningRules.Line> lines = new ArrayList<>();
        for (PolicyNode l : node.get("lines").list()) {
            boolean everyoneElse = l.has("everyoneElse") && l.get("everyoneElse").bool().value();
            Set<String> population = l.has("population") ? identityTypes(l.get("population")) : Set.of();
            if (population.isEmpty() && !everyoneElse) {
                throw l.error("has neither a population nor everyoneElse");
            }
            boolean always = l.has("alwaysInScope") && l.get("alwaysInScope").bool().value();
            AmountRule threshold = l.has("threshold") ? l.get("threshold").amount() : null;
            if (threshold == null && !always) {
                throw l.error("has no threshold");
            }
            List<String> departments = l.get("departments").strings();
            for (String d : departments) {
                if (!DEPARTMENTS.contains(d)) {
                    throw l.get("departments").error("unknown department '" + d + "'");
                }
            }
            lines.add(new WarningRules.Line(l.text("id"), l.text("name"), population, everyoneElse,
                    l.has("insuranceTypes") ? enums(l.get("insuranceTypes"), InsuranceType.class) : Set.of(),
                    always, threshold, l.get("burden").enumValue(WarningRules.Burden.class),
                    l.has("visitTypes") ? enums(l.get("visitTypes"), VisitType.class) : Set.of(),
                    departments, l.textOr("cite", node.text("cite"))));
        }
        return new WarningRules(node.text("cite"), lines);
    }

    /** Bands must not overlap and must rise, for every income figure the policy declares. */
    private static void checkBandsOrdered(PolicyNode root, RegionPolicy policy) {
        List<Money> incomes = new ArrayList<>();
        policy.income().values().forEach(c -> incomes.add(c.value()));
        if (incomes.isEmpty()) {
            incomes.add(Money.ZERO);
        }
        for (var named : policy.schedules().entrySet()) {
            Schedule s = named.getValue();
            if (s.needsIncome() && policy.income().isEmpty()) {
                throw new PolicyFileException(root.file(), named.getKey(), "is relative to income but assumptions.income is empty");
            }
            for (Money income : incomes) {
                Money previousTo = null;
                for (int i = 0; i < s.bands().size(); i++) {
                    Schedule.Band b = s.bands().get(i);
                    Money from = b.from().resolve(income);
                    Money to = b.to() == null ? null : b.to().resolve(income);
                    if (to != null && !to.isGreaterThan(from)) {
                        throw new PolicyFileException(root.file(), named.getKey() + ".bands[" + i + "]", "ends (" + to + ") at or before it starts (" + from + ")");
                    }
                    if (previousTo != null && from.compareTo(previousTo) < 0) {
                        throw new PolicyFileException(root.file(), named.getKey() + ".bands[" + i + "]", "overlaps the band before it (starts at " + from + ", previous ends at " + previousTo + ")");
                    }
                    if (i < s.bands().size() - 1 && to == null) {
                        throw new PolicyFileException(root.file(), named.getKey() + ".bands[" + i + "]", "is open-ended but is not the last band");
                    }
                    previousTo = to;
                }
            }
        }
    }
}

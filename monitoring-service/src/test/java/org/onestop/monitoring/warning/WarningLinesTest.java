package org.onestop.monitoring.warning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.onestop.policy.InsuranceType;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.RegionPolicy;
import org.onestop.policy.VisitType;

/**
 * The lines of the four regions whose texts set them, on hand-computed sequences of settlements (amounts in fen).
 * A person-year is driven through {@link PersonYear}: each step adds one settlement's burden and reports the lines
 * raised by it, remembering what was raised before (once per person, year and line).
 */
class WarningLinesTest {

    private static final PolicyCatalog CATALOG = PolicyCatalog.loadDefault();
    private static final WarningLines LINES = new WarningLines(CATALOG);
    private static final LocalDate DAY = LocalDate.of(2026, 6, 1);

    /** A person-year under a region's policy, absorbing settlements one by one. */
    static final class PersonYear {
        final RegionPolicy policy;
        final InsuranceType insurance;
        final Set<String> identities;
        Composition composition = Composition.EMPTY;
        final Set<String> raised = new HashSet<>();

        PersonYear(String region, InsuranceType insurance, String... identities) {
            this.policy = LINES.policyFor(region, DAY);
            this.insurance = insurance;
            this.identities = Set.of(identities);
        }

        /** Adds a settlement's burden (yuan after insurance, yuan after assistance) and returns the lines it raised. */
        List<String> settle(VisitType type, String afterInsurance, String afterAssistance) {
            composition = composition.plus(type, SettlementBatch.fen(afterInsurance), SettlementBatch.fen(afterAssistance));
            List<String> now = LINES.reached(policy, DAY, insurance, identities, composition, raised).stream()
                    .map(c -> c.line().id()).toList();
            raised.addAll(now);
            return now;
        }

        List<String> settle(VisitType type, String afterInsurance) {
            return settle(type, afterInsurance, "0");
        }
    }

    // ---------------------------------------------------------------- Liaoning (七)

    @Test
    void liaoningDibaoResidentWarnsAtTheSecondDischargeWhenFiveThousandIsReached_七() {
        // (七) 因病返贫风险监测对象的预警标准为5000元: 3,000 → none; 3,000 + 2,500 = 5,500 ≥ 5,000 → relapse
        PersonYear p = new PersonYear("210102", InsuranceType.RESIDENT, "DIBAO");
        assertThat(p.settle(VisitType.INPATIENT, "3000.00")).isEmpty();
        assertThat(p.settle(VisitType.INPATIENT, "2500.00")).containsExactly("relapse");
        // once per person, year and line: a third discharge raises nothing new
        assertThat(p.settle(VisitType.INPATIENT, "9000.00")).isEmpty();
    }

    @Test
    void liaoningOrdinaryResidentWarnsAtTwentyThousandExactly_七() {
        // (七) 参加居民医保的因病致贫风险监测对象的预警标准为2万元: 19,999.99 → none, + 0.01 = 20,000.00 → warning
        PersonYear p = new PersonYear("210000", InsuranceType.RESIDENT);
        assertThat(p.settle(VisitType.INPATIENT, "19999.99")).isEmpty();
        assertThat(p.settle(VisitType.CHRONIC_OUTPATIENT, "0.01")).containsExactly("impoverish-resident");
    }

    @Test
    void liaoningEmployeeLineIsFiftyThousand_七() {
        // (七) 参加职工医保的…预警标准为5万元: 20,000 (the resident line) is not the employee's; 49,999.99 → none; 50,000 → warning
        PersonYear p = new PersonYear("210000", InsuranceType.EMPLOYEE);
        assertThat(p.settle(VisitType.INPATIENT, "20000.00")).isEmpty();
        assertThat(p.settle(VisitType.SPECIAL_DRUG, "29999.99")).isEmpty();
        assertThat(p.settle(VisitType.INPATIENT, "0.01")).containsExactly("impoverish-employee");
    }

    @Test
    void liaoningCountsInpatientChronicAndHighValueDrugsButNotOrdinaryOutpatient_七() {
        // (七) 住院、门诊慢特病及高值药品费用: 4,000 ordinary outpatient does not count; 2,000 + 1,500 + 1,500 = 5,000 → relapse
        PersonYear p = new PersonYear("210000", InsuranceType.RESIDENT, "DIBAO_MARGINAL");
        assertThat(p.settle(VisitType.ORDINARY_OUTPATIENT, "4000.00")).isEmpty();
        assertThat(p.settle(VisitType.INPATIENT, "2000.00")).isEmpty();
        assertThat(p.settle(VisitType.CHRONIC_OUTPATIENT, "1500.00")).isEmpty();
        assertThat(p.settle(VisitType.SPECIAL_DRUG, "1500.00")).containsExactly("relapse");
    }

    @Test
    void liaoningIllnessPoorAreOutsideRelapseAndFallUnderTheImpoverishmentLine_七() {
        // (七) 因病返贫风险监测范围为全部医疗救助对象（不包括因病致贫重病患者）: 6,000 raises no relapse warning;
        // they are "other insured", so the resident line 20,000 applies: 6,000 + 14,000 → impoverish-resident
        PersonYear p = new PersonYear("210000", InsuranceType.RESIDENT, "ILLNESS_POOR");
        assertThat(p.settle(VisitType.INPATIENT, "6000.00")).isEmpty();
        assertThat(p.settle(VisitType.INPATIENT, "14000.00")).containsExactly("impoverish-resident");
    }

    @Test
    void liaoningLiftedButUnmonitoredAreInTheRelapseScope_七() {
        // (七) 未纳入防止返贫动态监测范围的脱贫人口 → relapse line 5,000
        PersonYear p = new PersonYear("210000", InsuranceType.RESIDENT, "LIFTED_UNMONITORED");
        assertThat(p.settle(VisitType.INPATIENT, "5000.00")).containsExactly("relapse");
    }

    @Test
    void liaoningAReversalBringsTheBurdenBackBelowTheLine_七() {
        // settled 4,000, reversed −4,000, settled 4,999.99: 4,999.99 < 5,000 → none; + 0.01 → relapse
        PersonYear p = new PersonYear("210000", InsuranceType.RESIDENT, "TEKUN");
        assertThat(p.settle(VisitType.INPATIENT, "4000.00")).isEmpty();
        assertThat(p.settle(VisitType.INPATIENT, "-4000.00")).isEmpty();
        assertThat(p.settle(VisitType.INPATIENT, "4999.99")).isEmpty();
        assertThat(p.settle(VisitType.INPATIENT, "0.01")).containsExactly("relapse");
    }

    // ---------------------------------------------------------------- Yantai 四(九)

    @Test
    void yantaiMonitoredPopulationWarnsAtHalfOfLastYearsProvincialIncome_四九() {
        // 四(九) 超过全省上年度居民人均可支配收入50%: discharge in 2026 → 2025 income 44,000.00 (assumed) × 50 % = 22,000.00
        PersonYear p = new PersonYear("370602", InsuranceType.RESIDENT, "DIBAO_MARGINAL");
        assertThat(p.settle(VisitType.INPATIENT, "21999.99")).isEmpty();
        assertThat(p.settle(VisitType.ORDINARY_OUTPATIENT, "0.01")).containsExactly("monitored-50");
    }

    @Test
    void yantaiOrdinaryInsuredWarnAtOneAndAHalfTimesIncome_四九() {
        // 四(九) 普通参保人员 … 150%: 44,000.00 × 150 % = 66,000.00; 22,000 (the 50 % line) is not theirs
        PersonYear p = new PersonYear("370600", InsuranceType.EMPLOYEE);
        assertThat(p.settle(VisitType.INPATIENT, "22000.00")).isEmpty();
        assertThat(p.settle(VisitType.INPATIENT, "43999.99")).isEmpty();
        assertThat(p.settle(VisitType.INPATIENT, "0.01")).containsExactly("insured-150");
    }

    // ---------------------------------------------------------------- Bayingolin 二(四)

    @Test
    void bayingolinClassesOneAndTwoAreAlwaysInScope_二四() {
        // 二(四) 第一类、第二类救助对象实时纳入因病返贫预警监测范围: the first burden at all raises the warning
        PersonYear p = new PersonYear("652801", InsuranceType.RESIDENT, "DIBAO");
        assertThat(p.settle(VisitType.INPATIENT, "0.01")).containsExactly("class12-always");
        assertThat(p.settle(VisitType.INPATIENT, "50000.00")).isEmpty();
    }

    @Test
    void bayingolinClassThreeWarnsAtTwoThousand_二四() {
        // 二(四) 第三类救助对象监测预警线暂按…2000元: 1,500 → none; 1,500 + 500 = 2,000 → class3-line
        PersonYear p = new PersonYear("652800", InsuranceType.RESIDENT, "MARGINAL_AT_RISK");
        assertThat(p.settle(VisitType.CHRONIC_OUTPATIENT, "1500.00")).isEmpty();
        assertThat(p.settle(VisitType.INPATIENT, "500.00")).containsExactly("class3-line");
    }

    @Test
    void bayingolinClassFourAndOtherInsuredWarnAtTenThousandSixHundredThirty_二四() {
        // 二(四) 第四类…监测预警线…确定为10630元: 10,629.99 → none; + 0.01 → class4-line (also for a person with no identity)
        PersonYear illnessPoor = new PersonYear("652800", InsuranceType.RESIDENT, "ILLNESS_POOR");
        assertThat(illnessPoor.settle(VisitType.INPATIENT, "10629.99")).isEmpty();
        assertThat(illnessPoor.settle(VisitType.INPATIENT, "0.01")).containsExactly("class4-line");
        PersonYear ordinary = new PersonYear("652800", InsuranceType.RESIDENT);
        assertThat(ordinary.settle(VisitType.INPATIENT, "10630.00")).containsExactly("class4-line");
        // a class-3 person is not "everyone else": 10,630 gives the class-3 line only
        PersonYear class3 = new PersonYear("652800", InsuranceType.RESIDENT, "DIBAO_MARGINAL");
        assertThat(class3.settle(VisitType.INPATIENT, "10630.00")).containsExactly("class3-line");
    }

    // ---------------------------------------------------------------- Jiujiang 五(一)

    @Test
    void jiujiangMeasuresTheBurdenAfterAssistanceAgainstItsConfigurableLine_五一() {
        // 五(一) 经基本医保、大病保险、医疗救助等支付后…负担仍然较重; line 50 % of 2025 income 40,000.00 (assumed) = 20,000.00
        // after assistance: 30,000 after insurance but 12,000 after assistance → none; + 8,000 after assistance → warning
        PersonYear p = new PersonYear("360402", InsuranceType.RESIDENT, "DIBAO_MARGINAL");
        assertThat(p.settle(VisitType.INPATIENT, "30000.00", "12000.00")).isEmpty();
        assertThat(p.settle(VisitType.INPATIENT, "10000.00", "8000.00")).containsExactly("heavy-burden");
    }

    @Test
    void jiujiangDoesNotMonitorOrdinaryResidents_五一() {
        // 五(一) 重点监测…低保边缘家庭成员和农村易返贫致贫人口: no line for other residents
        PersonYear p = new PersonYear("360400", InsuranceType.RESIDENT);
        assertThat(p.settle(VisitType.INPATIENT, "500000.00", "500000.00")).isEmpty();
    }

    @Test
    void jiujiangLineIsConfigurable_五一() {
        // the text leaves the standard to local rule: an override to 60 % of income gives 24,000.00
        PolicyCatalog overridden = PolicyCatalog.loadDefault(java.util.Map.of(
                "jiujiang-2022.warnings.lines.heavy-burden.threshold", "60% of income | local rule (test)"));
        WarningLines lines = new WarningLines(overridden);
        RegionPolicy policy = lines.policyFor("360400", DAY);
        Composition c = Composition.EMPTY.plus(VisitType.INPATIENT, 3_000_000, 2_399_999);
        assertThat(lines.reached(policy, DAY, InsuranceType.RESIDENT, Set.of("UNSTABLE_LIFTED"), c, Set.of())).isEmpty();
        c = c.plus(VisitType.INPATIENT, 0, 1);
        assertThat(lines.reached(policy, DAY, InsuranceType.RESIDENT, Set.of("UNSTABLE_LIFTED"), c, Set.of()))
                .extracting(x -> x.thresholdFen()).containsExactly(2_400_000L);
    }

    @Test
    void shanxiHasNoWarningLines() {
        PersonYear p = new PersonYear("140105", InsuranceType.RESIDENT, "DIBAO");
        assertThat(p.settle(VisitType.INPATIENT, "100000.00")).isEmpty();
    }
}

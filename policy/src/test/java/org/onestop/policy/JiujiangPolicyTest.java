package org.onestop.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onestop.policy.Discharges.JIUJIANG;
import static org.onestop.policy.Discharges.inpatient;
import static org.onestop.policy.Discharges.withBurden;
import static org.onestop.policy.Person.yuan;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Jiujiang (jiujiang-2022.txt). The per-capita disposable income of 2022 is set to 30,000 here, so the
 * income-relative lines are: class 3 threshold 10 % = 3,000; class 4 25 % = 7,500; tilted 50 % = 15,000;
 * critical-illness tilt deductible 25 % = 7,500. Expected amounts are computed by hand in the comments.
 */
class JiujiangPolicyTest {

    static final PolicyCatalog CATALOG = PolicyCatalog.loadDefault(Map.of(
            "jiujiang-2022.assumptions.income.2022", "30000.00 | test figure"));

    Person person() {
        return Person.under(CATALOG);
    }

    @Test
    void theFourCategoriesAreNamedAsSectionOneNamesThemInRankOrder_一() {
        // jiujiang-2022 一: 一类人员 特困人员、孤儿; 二类人员 低保对象、返贫致贫人口; 三类 监测对象、低保边缘; 四类 因病致贫重病患者
        assertThat(CATALOG.policyFor("360400", java.time.LocalDate.parse("2023-01-01")).categoryNames())
                .hasSizeGreaterThanOrEqualTo(4)
                .hasEntrySatisfying("class1", name -> assertThat(name).startsWith("一类人员").contains("特困人员", "孤儿"))
                .hasEntrySatisfying("class2", name -> assertThat(name).startsWith("二类人员").contains("低保对象", "返贫致贫人口"))
                .hasEntrySatisfying("class3", name -> assertThat(name).startsWith("三类人员"))
                .hasEntrySatisfying("class4", name -> assertThat(name).startsWith("四类人员"));
        assertThat(CATALOG.policyFor("360400", java.time.LocalDate.parse("2023-01-01")).categoryNames().keySet())
                .startsWith("class1", "class2", "class3", "class4");
    }

    @Test
    void class1TekunGets100PercentWithNoDeductibleAndOutOfCatalogueBackstopUpToTenPercentOfTotal_三三2_1() {
        // in-scope 14,000 of which insurance paid 10,000 → burden 4,000 → 100 % = 4,000.
        // out-of-catalogue 1,500; 10 % of total 15,500 = 1,550 → backstop pays all 1,500.
        Settlement s = person().holds("TEKUN", "2023-01-01").settle(
                withBurden(JIUJIANG, "2023-05-10", "4000").cost("14000", "0", "1500").upstream("10000", "0").build());
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("4000"));
        assertThat(s.paidBy(Layer.BACKSTOP)).isEqualTo(yuan("1500"));
        assertThat(s.patientPays()).isEqualTo(yuan("0"));
        assertThat(s.layer(Layer.BACKSTOP).orElseThrow().fundCode()).isEqualTo("640100");
    }

    @Test
    void backstopStopsAtTenPercentOfTotalCost_三三2_1() {
        // total = 14,000 + 0 + 6,000 = 20,000 → 10 % = 2,000 of the 6,000 out-of-catalogue; patient pays 4,000.
        Settlement s = person().holds("ORPHAN", "2023-01-01").settle(
                withBurden(JIUJIANG, "2023-05-10", "4000").cost("14000", "0", "6000").upstream("10000", "0").build());
        assertThat(s.paidBy(Layer.BACKSTOP)).isEqualTo(yuan("2000"));
        assertThat(s.patientPays()).isEqualTo(yuan("4000"));
    }

    @Test
    void class1CoversOrdinaryOutpatientButClass2DoesNot_三三2_1_and_2() {
        var outpatient = inpatient(JIUJIANG, "2023-05-10", "300").visit(VisitType.ORDINARY_OUTPATIENT).upstream("100", "0").build();
        assertThat(person().holds("TEKUN", "2023-01-01").settle(outpatient).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("200"));
        Settlement dibao = person().holds("DIBAO", "2023-01-01").settle(outpatient);
        assertThat(dibao.paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(dibao.layer(Layer.ASSISTANCE).orElseThrow().excludedBy()).contains("ORDINARY_OUTPATIENT");
    }

    @Test
    void class2Pays75PercentWithoutDeductible_三三2_2() {
        // burden 4,000 × 75 % = 3,000
        Settlement s = person().holds("DIBAO", "2023-01-01").settle(withBurden(JIUJIANG, "2023-05-10", "4000").build());
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("3000"));
        assertThat(s.patientPays()).isEqualTo(yuan("1000"));
        assertThat(s.category()).isEqualTo("class2");
    }

    @Test
    void class2CapOf50000IsReachedAcrossDischarges_三三2_2() {
        Person p = person().holds("RETURNED_TO_POVERTY", "2023-01-01");
        // 40,000 × 75 % = 30,000
        assertThat(p.settle(withBurden(JIUJIANG, "2023-03-01", "40000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("30000"));
        // 40,000 × 75 % = 30,000, but only 50,000 − 30,000 = 20,000 remain
        Settlement second = p.settle(withBurden(JIUJIANG, "2023-06-01", "40000").build());
        assertThat(second.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("20000"));
        assertThat(second.layer(Layer.ASSISTANCE).orElseThrow().capRemaining()).isEqualTo(Money.ZERO);
        assertThat(p.settle(withBurden(JIUJIANG, "2023-09-01", "1000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
    }

    @Test
    void class3PaysAboveTenPercentOfIncomeCumulatedOverTheYear_三三2_3() {
        Person p = person().holds("DIBAO_MARGINAL", "2023-01-01");
        // cumulative 2,000 < 3,000: nothing
        assertThat(p.settle(withBurden(JIUJIANG, "2023-03-01", "2000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
        // cumulative 7,000: (7,000 − 3,000) × 65 % = 2,600
        assertThat(p.settle(withBurden(JIUJIANG, "2023-04-01", "5000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("2600"));
    }

    @Test
    void class3CapOf30000_三三2_3() {
        // (100,000 − 3,000) × 65 % = 63,050 → cap 30,000
        Settlement s = person().holds("UNSTABLE_LIFTED", "2023-01-01").settle(withBurden(JIUJIANG, "2023-04-01", "100000").build());
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("30000"));
    }

    @Test
    void class4PaysSixtyPercentAboveQuarterOfIncomeCappedAt20000_三三2_4() {
        Person p = person().holds("ILLNESS_POOR", "2023-01-01");
        // (10,000 − 7,500) × 60 % = 1,500
        assertThat(p.settle(withBurden(JIUJIANG, "2023-04-01", "10000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("1500"));
        // + 50,000 × 60 % = 30,000 → only 18,500 of the 20,000 cap remain
        assertThat(p.settle(withBurden(JIUJIANG, "2023-05-01", "50000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("18500"));
    }

    @Test
    void careOutsideJiujiangWithoutReferralGetsNoAssistance_三三3_1() {
        var unreferred = withBurden(JIUJIANG, "2023-04-01", "4000").location(CareLocation.IN_PROVINCE).referred(false).build();
        Settlement s = person().holds("DIBAO", "2023-01-01").settle(unreferred);
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(s.layer(Layer.ASSISTANCE).orElseThrow().excludedBy()).contains("未按规定转诊");
        var referred = unreferred.toBuilder().referred(true).build();
        assertThat(person().holds("DIBAO", "2023-01-01").settle(referred).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("3000"));
    }

    @Test
    void severalIdentitiesGetTheHighestCategoryNotStacked_三三3_3() {
        Settlement s = person().holds("DIBAO_MARGINAL", "2023-01-01").holds("DIBAO", "2023-02-01")
                .settle(withBurden(JIUJIANG, "2023-04-01", "4000").build());
        assertThat(s.category()).isEqualTo("class2");
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("3000"));
    }

    @Test
    void identityCountsFromItsDeterminationDayInclusiveByDischargeDate_三三3_4() {
        assertThat(person().holds("DIBAO", "2023-04-01").settle(withBurden(JIUJIANG, "2023-04-01", "4000")
                .admissionDate(java.time.LocalDate.parse("2023-03-20")).build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("3000"));
        assertThat(person().holds("DIBAO", "2023-04-02").settle(withBurden(JIUJIANG, "2023-04-01", "4000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
    }

    @Test
    void categoryChangeKeepsWhatWasPaidAgainstTheNewCap_三三3_5() {
        Person p = person().holds("DIBAO", "2023-01-01", "2023-06-01").holds("DIBAO_MARGINAL", "2023-06-01");
        // class 2: 60,000 × 75 % = 45,000
        assertThat(p.settle(withBurden(JIUJIANG, "2023-03-01", "60000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("45000"));
        // class 3 from June: 10,000 × 65 % = 6,500 by the bands, but 45,000 already counts against its 30,000 cap → 0
        Settlement after = p.settle(withBurden(JIUJIANG, "2023-07-01", "10000").build());
        assertThat(after.category()).isEqualTo("class3");
        assertThat(after.paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
    }

    @Test
    void upgradeToClass2CountsEarlierClass3PaymentsAgainstThe50000Cap_三三3_5() {
        Person p = person().holds("DIBAO_MARGINAL", "2023-01-01", "2023-05-01").holds("DIBAO", "2023-05-01");
        // class 3: (20,000 − 3,000) × 65 % = 11,050
        assertThat(p.settle(withBurden(JIUJIANG, "2023-03-01", "20000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("11050"));
        // class 2: 60,000 × 75 % = 45,000; cap 50,000 − 11,050 = 38,950
        assertThat(p.settle(withBurden(JIUJIANG, "2023-08-01", "60000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("38950"));
    }

    @Test
    void tiltedAssistanceOnApplicationAboveHalfOfIncomeAfterThreeLayers_三三2_5() {
        Person p = person().holds("DIBAO", "2023-01-01").granted("TILTED", "2023-02-01");
        // burden 80,000: assistance 75 % = 60,000 → cap 50,000; remaining 30,000; (30,000 − 15,000) × 50 % = 7,500
        Settlement first = p.settle(withBurden(JIUJIANG, "2023-03-01", "80000").build());
        assertThat(first.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("50000"));
        assertThat(first.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("7500"));
        assertThat(first.patientPays()).isEqualTo(yuan("22500"));
        // burden 20,000: assistance 0 (cap used); remaining cumulates to 50,000 → 17,500 by the band, cap 10,000 − 7,500 = 2,500
        Settlement second = p.settle(withBurden(JIUJIANG, "2023-04-01", "20000").build());
        assertThat(second.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("2500"));
    }

    @Test
    void noTiltedAssistanceWithoutApplication_三三2_5() {
        Settlement s = person().holds("DIBAO", "2023-01-01").settle(withBurden(JIUJIANG, "2023-03-01", "80000").build());
        assertThat(s.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(s.layer(Layer.SECONDARY_ASSISTANCE).orElseThrow().excludedBy()).contains("依申请");
    }

    @Test
    void noTiltedAssistanceOutOfProvinceEvenWhenReferred_三三3_2() {
        Settlement s = person().holds("DIBAO", "2023-01-01").granted("TILTED", "2023-02-01").settle(
                withBurden(JIUJIANG, "2023-03-01", "80000").location(CareLocation.OUT_OF_PROVINCE).referred(true).build());
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("50000"));
        assertThat(s.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
    }

    @Test
    void newRecipientsCostUpToThreeMonthsBeforeDeterminationCountsForTiltedAssistance_三三2_5() {
        Person p = person().holds("DIBAO", "2023-05-10").granted("TILTED", "2023-06-01");
        // 2023-03-01 is within 3 months before 2023-05-10: no assistance yet (三(三)3(4)), tilted (40,000 − 15,000) × 50 % = 12,500 → cap 10,000
        Settlement s = p.settle(withBurden(JIUJIANG, "2023-03-01", "40000").build());
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(s.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("10000"));
        // 2023-02-09 is more than 3 months before: nothing
        Settlement early = person().holds("DIBAO", "2023-05-10").granted("TILTED", "2023-06-01")
                .settle(withBurden(JIUJIANG, "2023-02-09", "40000").build());
        assertThat(early.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
    }

    @Test
    void criticalIllnessTiltHalvesTheDeductibleTo25PercentOfIncomeAt65PercentWithoutCap_三二() {
        // computed insurance with the file's assumed basic parameters: resident, secondary hospital: deductible 800, 75 %.
        // in-scope 100,000 → basic (100,000 − 800) × 75 % = 74,400 → CI base 25,600
        var d = inpatient(JIUJIANG, "2023-05-10", "100000").build();
        Settlement tilted = person().holds("DIBAO", "2023-01-01").settle(d);
        assertThat(tilted.paidBy(Layer.BASIC)).isEqualTo(yuan("74400"));
        // tilt: (25,600 − 7,500) × 65 % = 11,765
        assertThat(tilted.paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("11765"));
        // general (class 3 has no tilt): deductible 50 % × 30,000 = 15,000 (assumed), 60 %: (25,600 − 15,000) × 60 % = 6,360
        Settlement general = person().holds("DIBAO_MARGINAL", "2023-01-01").settle(d);
        assertThat(general.paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("6360"));
        // then class 3: burden 100,000 − 74,400 − 6,360 = 19,240 → (19,240 − 3,000) × 65 % = 10,556
        assertThat(general.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("10556"));
    }

    @Test
    void explanationNamesBaseBandsCapAndClause() {
        Settlement s = person().holds("DIBAO_MARGINAL", "2023-01-01").settle(withBurden(JIUJIANG, "2023-04-01", "7000").build());
        LayerPayment a = s.layer(Layer.ASSISTANCE).orElseThrow();
        assertThat(a.base()).isEqualTo(yuan("7000"));
        assertThat(a.bands()).singleElement().satisfies(b -> {
            assertThat(b.from()).isEqualTo(yuan("3000"));
            assertThat(b.portion()).isEqualTo(yuan("4000"));
            assertThat(b.percent()).isEqualTo("65%");
            assertThat(b.amount()).isEqualTo(yuan("2600"));
            assertThat(b.clause()).isEqualTo("jiujiang-2022 三(三)2(3)");
        });
        assertThat(a.cap()).isEqualTo(yuan("30000"));
        assertThat(a.capRemaining()).isEqualTo(yuan("27400"));
        assertThat(a.fundCode()).isEqualTo("610100");
        assertThat(String.join("\n", a.notes())).contains("起付标准").contains("3000.00");
    }

    // ---------------------------------------------------------------- issue 18: the tilted-assistance window
    // 三(三)2(5): "当年内动态新增加的医疗救助对象，计入倾斜救助范围医疗费用的时间可追溯到身份认定前3个月内". Tilted line
    // 50 % × 30,000 = 15,000, ratio 50 %, cap 10,000. The window is anchored on the identification date (the identity's
    // start), inclusive from the same day 3 months earlier, clipped to 1 January; outside it a discharge neither
    // receives tilted assistance nor raises the year's tilted base.

    static final String TILTED_WINDOW = "jiujiang-2022 三(三)2(5) 可追溯到身份认定前3个月内";

    @Test
    @DisplayName("jiujiang-2022 三(三)2(5) a 低保 person identified 2023-06-01: the February stay neither gets nor counts toward tilted assistance")
    void tiltedAssistanceCountsOnlyStaysFromThreeMonthsBeforeIdentification() {
        Person p = person().holds("DIBAO", "2023-06-01").granted("TILTED", "2023-08-10");
        // 2023-02-15 is before 2023-03-01 (= 2023-06-01 − 3 months): not a recipient, outside the window
        Settlement feb = p.settle(withBurden(JIUJIANG, "2023-02-15", "20000").build());
        assertThat(feb.paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(feb.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(feb.layer(Layer.SECONDARY_ASSISTANCE).orElseThrow().excludedBy()).contains("计入期间");
        assertThat(p.ledger().get("2023", "secondaryBase.INPATIENT")).isEqualTo(Money.ZERO);
        // 2023-04-14 is inside: no basic assistance before identification; tilted base 0 → 12,000, below 15,000 → 0
        Settlement apr = p.settle(withBurden(JIUJIANG, "2023-04-14", "12000").build());
        assertThat(apr.paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(apr.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(apr.layer(Layer.SECONDARY_ASSISTANCE).orElseThrow().window())
                .isEqualTo(new LayerWindow(LocalDate.parse("2023-03-01"), LocalDate.parse("2023-12-31"), TILTED_WINDOW));
        // 2023-07-10, class 2: 40,000 × 75 % = 30,000; remaining 10,000; tilted base 12,000 → 22,000: (22,000 − 15,000) × 50 % = 3,500
        // (counting February too, the base would have been 32,000 → 42,000 and April would already have been paid 6,000)
        Settlement jul = p.settle(withBurden(JIUJIANG, "2023-07-10", "40000").build());
        assertThat(jul.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("30000"));
        LayerPayment tilted = jul.layer(Layer.SECONDARY_ASSISTANCE).orElseThrow();
        assertThat(tilted.amount()).isEqualTo(yuan("3500"));
        assertThat(tilted.cumulativeBefore()).isEqualTo(yuan("12000"));
        assertThat(String.join("\n", tilted.notes())).contains("计入期间 2023-03-01 至 2023-12-31").contains(TILTED_WINDOW);
        // 2023-09-01: assistance 75 % = 30,000, cap 50,000 − 30,000 = 20,000; remaining 20,000; base 22,000 → 42,000:
        // 20,000 × 50 % = 10,000, cap 10,000 − 3,500 = 6,500: the cap is reached in September, not in July
        Settlement sep = p.settle(withBurden(JIUJIANG, "2023-09-01", "40000").build());
        assertThat(sep.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("20000"));
        assertThat(sep.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("6500"));
    }

    @Test
    @DisplayName("jiujiang-2022 三(三)2(5) the window's first day (identification − 3 months) is inside, the day before is outside")
    void tiltedWindowStartsOnTheSameDayThreeMonthsBeforeIdentification() {
        Person p = person().holds("DIBAO", "2023-06-01").granted("TILTED", "2023-06-01");
        // 2023-02-28: outside; with it the base would reach 20,000 and 2023-03-01 would pay (40,000 − 15,000) × 50 % → cap 10,000
        assertThat(p.settle(withBurden(JIUJIANG, "2023-02-28", "20000").build()).paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
        // 2023-03-01: inside; (20,000 − 15,000) × 50 % = 2,500
        assertThat(p.settle(withBurden(JIUJIANG, "2023-03-01", "20000").build()).paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("2500"));
    }

    @Test
    @DisplayName("jiujiang-2022 三(三)2(5) identified on 05-31: 3 months before is 02-28, the last day February has")
    void tiltedWindowOfAMonthEndIdentificationStartsOnTheLastDayOfTheShorterMonth() {
        Person p = person().holds("DIBAO", "2023-05-31").granted("TILTED", "2023-06-01");
        assertThat(p.settle(withBurden(JIUJIANG, "2023-02-27", "20000").build()).paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
        // (20,000 − 15,000) × 50 % = 2,500
        Settlement s = p.settle(withBurden(JIUJIANG, "2023-02-28", "20000").build());
        assertThat(s.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("2500"));
        assertThat(s.layer(Layer.SECONDARY_ASSISTANCE).orElseThrow().window().from()).isEqualTo(LocalDate.parse("2023-02-28"));
    }

    @Test
    @DisplayName("jiujiang-2022 三(三)2(5) the look-back stops at 1 January: a December stay does not count for the next year")
    void tiltedLookBackNeverReachesIntoThePreviousYear() {
        // identified 2023-02-15 → 3 months before is 2022-11-15, but the threshold and cap are annual (年度累计): the window starts 2023-01-01
        Person p = person().holds("DIBAO", "2023-02-15").granted("TILTED", "2022-12-25").granted("TILTED", "2023-03-01");
        Settlement dec = p.settle(withBurden(JIUJIANG, "2022-12-20", "20000").build());
        assertThat(dec.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(p.ledger().get("2022", "secondaryBase.INPATIENT")).isEqualTo(Money.ZERO);
        // 2023-01-10: 2023's base starts at 0: (20,000 − 15,000) × 50 % = 2,500
        Settlement jan = p.settle(withBurden(JIUJIANG, "2023-01-10", "20000").build());
        assertThat(jan.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("2500"));
        assertThat(jan.layer(Layer.SECONDARY_ASSISTANCE).orElseThrow().window())
                .isEqualTo(new LayerWindow(LocalDate.parse("2023-01-01"), LocalDate.parse("2023-12-31"), TILTED_WINDOW));
    }

    @Test
    @DisplayName("jiujiang-2022 三(三)2(5) a recipient since before the year counts from 1 January until the exit, not after it")
    void tiltedWindowOfARecipientAtTheStartOfTheYearEndsAtTheExit() {
        Person p = person().holds("DIBAO", "2022-05-01", "2023-05-01").granted("TILTED", "2023-02-01");
        // 2023-01-03: 20,000 × 75 % = 15,000; remaining 5,000; tilted base 0 → 5,000 → 0
        Settlement jan = p.settle(withBurden(JIUJIANG, "2023-01-03", "20000").build());
        assertThat(jan.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(jan.layer(Layer.SECONDARY_ASSISTANCE).orElseThrow().window())
                .isEqualTo(new LayerWindow(LocalDate.parse("2023-01-01"), LocalDate.parse("2023-04-30"), TILTED_WINDOW));
        // 2023-04-30, last day: 60,000 × 75 % = 45,000, cap 50,000 − 15,000 = 35,000; remaining 25,000;
        // base 5,000 → 30,000: (30,000 − 15,000) × 50 % = 7,500
        Settlement apr = p.settle(withBurden(JIUJIANG, "2023-04-30", "60000").build());
        assertThat(apr.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("35000"));
        assertThat(apr.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("7500"));
        // 2023-05-01, the exit day: outside; the base stays 30,000
        assertThat(p.settle(withBurden(JIUJIANG, "2023-05-01", "20000").build()).paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(p.ledger().get("2023", "secondaryBase.INPATIENT")).isEqualTo(yuan("30000"));
    }

    @Test
    @DisplayName("jiujiang-2022 三(三)2(5) a stay inside the window already assisted as class 3 counts with what class 3 left")
    void tiltedWindowCountsEarlierStaysWithTheBurdenLeftByTheLayersThatPaidThem() {
        // class 3 all year until 2023-06-01, then class 2: one window 2023-01-01 – 2023-12-31
        Person p = person().holds("DIBAO_MARGINAL", "2022-01-01", "2023-06-01").holds("DIBAO", "2023-06-01").granted("TILTED", "2023-07-01");
        // 2023-04-01, class 3: (20,000 − 3,000) × 65 % = 11,050; remaining 8,950 → tilted base 8,950, below 15,000 → 0
        Settlement apr = p.settle(withBurden(JIUJIANG, "2023-04-01", "20000").build());
        assertThat(apr.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("11050"));
        assertThat(apr.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
        // 2023-07-10, class 2: 40,000 × 75 % = 30,000 (cap 50,000 − 11,050 left); remaining 10,000;
        // base 8,950 → 18,950: (18,950 − 15,000) × 50 % = 1,975
        Settlement jul = p.settle(withBurden(JIUJIANG, "2023-07-10", "40000").build());
        assertThat(jul.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("30000"));
        assertThat(jul.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("1975"));
        assertThat(jul.layer(Layer.SECONDARY_ASSISTANCE).orElseThrow().window())
                .isEqualTo(new LayerWindow(LocalDate.parse("2023-01-01"), LocalDate.parse("2023-12-31"), TILTED_WINDOW));
    }

    @Test
    @DisplayName("jiujiang-2022 三(三)2(5) a stay inside the window before any application counts toward the base, so a later approval pays on it")
    void tiltedWindowCountsStaysBeforeTheApplication() {
        Person p = person().holds("DIBAO", "2023-06-01");
        Settlement apr = p.settle(withBurden(JIUJIANG, "2023-04-14", "12000").build());
        LayerPayment tilted = apr.layer(Layer.SECONDARY_ASSISTANCE).orElseThrow();
        assertThat(tilted.excludedBy()).contains("依申请");
        assertThat(tilted.window())
                .isEqualTo(new LayerWindow(LocalDate.parse("2023-03-01"), LocalDate.parse("2023-12-31"), TILTED_WINDOW));
        // the remaining burden 12,000 (no assistance before identification) is in the year's tilted base
        assertThat(p.ledger().get("2023", "secondaryBase.INPATIENT")).isEqualTo(yuan("12000"));
    }
}

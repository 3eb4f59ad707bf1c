package org.onestop.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onestop.policy.Discharges.YANTAI;
import static org.onestop.policy.Discharges.inpatient;
import static org.onestop.policy.Discharges.withBurden;
import static org.onestop.policy.Person.yuan;

import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Yantai (yantai-2023.txt), clauses 二(二) timing, 三(四) critical illness, 三(五)–(七) assistance. */
class YantaiPolicyTest {

    static final PolicyCatalog CATALOG = PolicyCatalog.loadDefault();

    Person person() {
        return Person.under(CATALOG);
    }

    @Test
    void newRecipientsBenefitFromTheNextMonth_二二() {
        assertThat(person().holds("DIBAO", "2023-03-15").settle(withBurden(YANTAI, "2023-03-31", "10000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
        // 10,000 × 80 % = 8,000
        assertThat(person().holds("DIBAO", "2023-03-15").settle(withBurden(YANTAI, "2023-04-01", "10000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("8000"));
    }

    @Test
    void leaversStopFromTheMonthAfterExit_二二() {
        assertThat(person().holds("DIBAO", "2023-01-01", "2023-06-10").settle(withBurden(YANTAI, "2023-06-30", "10000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("8000"));
        assertThat(person().holds("DIBAO", "2023-01-01", "2023-06-10").settle(withBurden(YANTAI, "2023-07-01", "10000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
    }

    @Test
    void tekunFullAssistanceCap30000ThenReassistance70PercentAbove5000_三六1() {
        // burden 50,000: assistance 100 % → cap 30,000; remaining 20,000 → (20,000 − 5,000) × 70 % = 10,500
        Settlement s = person().holds("TEKUN", "2022-12-01").settle(withBurden(YANTAI, "2023-04-01", "50000").build());
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("30000"));
        assertThat(s.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("10500"));
        assertThat(s.patientPays()).isEqualTo(yuan("9500"));
        assertThat(s.layer(Layer.SECONDARY_ASSISTANCE).orElseThrow().fundCode()).isEqualTo("610102");
    }

    @Test
    void dibao80PercentAndReassistanceOnCumulativeRemainder_三六1() {
        Person p = person().holds("DIBAO", "2022-12-01");
        // 10,000: assistance 8,000; remaining 2,000 → no re-assistance
        Settlement first = p.settle(withBurden(YANTAI, "2023-02-01", "10000").build());
        assertThat(first.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("8000"));
        assertThat(first.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
        // 30,000: 24,000 by ratio, cap 30,000 − 8,000 = 22,000; remaining 8,000 → cumulative 10,000 → (10,000 − 5,000) × 70 % = 3,500
        Settlement second = p.settle(withBurden(YANTAI, "2023-05-01", "30000").build());
        assertThat(second.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("22000"));
        assertThat(second.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("3500"));
    }

    @Test
    void returnedToPoverty70Percent_三六1() {
        assertThat(person().holds("RETURNED_TO_POVERTY", "2022-12-01").settle(withBurden(YANTAI, "2023-02-01", "10000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("7000"));
    }

    @Test
    void reassistanceCapIs20000_三六1() {
        // burden 100,000: assistance 30,000; remaining 70,000 → (70,000 − 5,000) × 70 % = 45,500 → 20,000
        assertThat(person().holds("TEKUN", "2022-12-01").settle(withBurden(YANTAI, "2023-02-01", "100000").build())
                .paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("20000"));
    }

    @Test
    void marginalAndMonitoredAbove3000At50PercentThenReassistanceAbove10000At70Percent_三六2() {
        Person p = person().holds("DIBAO_MARGINAL", "2022-12-01");
        // 13,000: (13,000 − 3,000) × 50 % = 5,000; remaining 8,000 → none
        Settlement first = p.settle(withBurden(YANTAI, "2023-02-01", "13000").build());
        assertThat(first.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("5000"));
        assertThat(first.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
        // +10,000: 5,000; remaining +5,000 → 13,000 → (13,000 − 10,000) × 70 % = 2,100
        Settlement second = p.settle(withBurden(YANTAI, "2023-03-01", "10000").build());
        assertThat(second.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("5000"));
        assertThat(second.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("2100"));
        // cap 20,000 for the monitored population
        assertThat(person().holds("SUDDEN_HARDSHIP", "2022-12-01").settle(withBurden(YANTAI, "2023-02-01", "60000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("20000"));
    }

    @Test
    void ordinaryOutpatientIsOutsideTheAssistanceScope_三五() {
        assertThat(person().holds("DIBAO", "2022-12-01").settle(withBurden(YANTAI, "2023-02-01", "1000")
                .visit(VisitType.ORDINARY_OUTPATIENT).build()).paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
    }

    @Test
    void illnessPoorOnApplicationCountsBackTwelveMonthsBeforeTheApplicationMonth_三七() {
        // application 2023-05-20 → window from 2022-05-01 to the end of 2023; threshold 10,000 at 60 %, cap 30,000
        Person p = person().granted("ILLNESS_POOR", "2023-05-20");
        // April 2022 is before this policy and outside the grant's window: no version of Yantai's policy covers it here
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.settle(withBurden(YANTAI, "2022-04-30", "5000").build()))
                .isInstanceOf(PolicyNotInForceException.class);
        assertThat(p.settle(withBurden(YANTAI, "2022-06-10", "8000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
        // cumulative in the window 8,000 → 14,000: (14,000 − 10,000) × 60 % = 2,400 (the April 2022 stay is outside it)
        Settlement s = p.settle(withBurden(YANTAI, "2023-02-01", "6000").build());
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("2400"));
        assertThat(s.category()).isEqualTo("illnessPoor");
        // 2024 is outside the one natural year the grant covers
        assertThat(p.settle(withBurden(YANTAI, "2024-01-05", "6000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
    }

    @Test
    void illnessPoorGrantCap30000_三七() {
        // (70,000 − 10,000) × 60 % = 36,000 → 30,000
        assertThat(person().granted("ILLNESS_POOR", "2023-05-20").settle(withBurden(YANTAI, "2023-06-01", "70000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("30000"));
    }

    @Test
    void residentCriticalIllnessTiltDeductible7000At65Percent_三四1() {
        // assumed basic: resident, secondary hospital, deductible 800, 75 %: in-scope 100,000 → basic 74,400, CI base 25,600
        var d = inpatient(YANTAI, "2023-05-10", "100000").build();
        // tilted: (25,600 − 7,000) × 65 % = 12,090
        assertThat(person().holds("DIBAO", "2022-12-01").settle(d).paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("12090"));
        // others: deductible 14,000 (7,000 is 50 % lower), 60 %: (25,600 − 14,000) × 60 % = 6,960
        assertThat(person().settle(d).paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("6960"));
    }

    @Test
    void residentCriticalIllnessTiltBandsRiseTo80PercentAbove300000WithoutCap_三四1() {
        // tertiary 60 %: (500,000 − 800) × 60 % = 299,520 → basic cap 200,000 (assumed); CI base 300,000:
        // (100,000 − 7,000) × 65 % + 100,000 × 70 % + 100,000 × 75 % = 60,450 + 70,000 + 75,000 = 205,450
        Settlement s = person().holds("TEKUN", "2022-12-01").settle(
                inpatient(YANTAI, "2023-05-10", "500000").level(HospitalLevel.TERTIARY).build());
        assertThat(s.paidBy(Layer.BASIC)).isEqualTo(yuan("200000"));
        assertThat(s.paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("205450"));
        assertThat(s.layer(Layer.CRITICAL_ILLNESS).orElseThrow().bands()).hasSize(3);
    }

    @Test
    void employeeCriticalIllnessTiltDeductible6000At85Percent_三四1() {
        // assumed employee basic: deductible 1,000, secondary 88 %: (100,000 − 1,000) × 88 % = 87,120; CI base 12,880
        // (12,880 − 6,000) × 85 % = 5,848
        Settlement s = person().holds("RETURNED_TO_POVERTY", "2022-12-01").settle(
                inpatient(YANTAI, "2023-05-10", "100000").insurance(InsuranceType.EMPLOYEE).build());
        assertThat(s.paidBy(Layer.BASIC)).isEqualTo(yuan("87120"));
        assertThat(s.paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("5848"));
        assertThat(s.layer(Layer.CRITICAL_ILLNESS).orElseThrow().fundCode()).isEqualTo("330100");
        assertThat(s.nationalRecord().hifobPay()).isEqualTo(yuan("5848"));
    }

    @Test
    void specialDrugsWithoutThe20000DeductibleAt80Percent_三四2() {
        // assumed basic: 10,000 in scope → (10,000 − 800) × 75 % = 6,900; CI base 3,100 × 80 % = 2,480
        Settlement s = person().holds("DIBAO", "2022-12-01").settle(
                inpatient(YANTAI, "2023-05-10", "10000").visit(VisitType.SPECIAL_DRUG).build());
        assertThat(s.paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("2480"));
    }

    // ---------------------------------------------------------------- issue 18: the illness-poor window
    // 三(七): "政策范围内个人负担费用可追溯至申请之月前12个月，一次身份认定享受一个自然年度的救助待遇和救助限额".
    // Anchored on the application month: from the 1st of the month 12 months before it to 31 December of the
    // application's year, both inclusive; threshold 10,000, 60 %, cap 30,000, all counted over the window only.

    static final String ILLNESS_POOR_WINDOW =
            "yantai-2023 三(七) 政策范围内个人负担费用可追溯至申请之月前12个月，一次身份认定享受一个自然年度的救助待遇和救助限额";

    @Test
    @DisplayName("yantai-2023 三(七) window of a 2024-02-10 application: 2023-02-01 to 2024-12-31; one day outside either end counts nothing")
    void illnessPoorWindowRunsFromTheMonthTwelveMonthsBeforeTheApplicationMonthToTheEndOfItsYear() {
        Person p = person().granted("ILLNESS_POOR", "2024-02-10");
        // 2023-01-31: the day before the window: no category, nothing counted for the grant
        Settlement before = p.settle(withBurden(YANTAI, "2023-01-31", "9000").build());
        assertThat(before.paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(p.ledger().scope("grant:ILLNESS_POOR-1")).isEmpty();
        // 2023-02-01, first day: window base 0 → 6,000, below 10,000 → 0 (with January counted it would be 15,000 → 3,000)
        Settlement first = p.settle(withBurden(YANTAI, "2023-02-01", "6000").build());
        assertThat(first.paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(first.category()).isEqualTo("illnessPoor");
        // 2023-12-31: 6,000 → 12,000: (12,000 − 10,000) × 60 % = 1,200
        assertThat(p.settle(withBurden(YANTAI, "2023-12-31", "6000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("1200"));
        // 2024-12-31, across the year boundary the grant's base carries on: 12,000 → 13,000: 1,000 × 60 % = 600
        Settlement last = p.settle(withBurden(YANTAI, "2024-12-31", "1000").build());
        assertThat(last.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("600"));
        LayerPayment a = last.layer(Layer.ASSISTANCE).orElseThrow();
        assertThat(a.cumulativeBefore()).isEqualTo(yuan("12000"));
        assertThat(a.window()).isEqualTo(new LayerWindow(LocalDate.parse("2023-02-01"), LocalDate.parse("2024-12-31"), ILLNESS_POOR_WINDOW));
        assertThat(String.join("\n", a.notes())).contains("计入期间 2023-02-01 至 2024-12-31");
        // 2025-01-01: the day after the window
        assertThat(p.settle(withBurden(YANTAI, "2025-01-01", "1000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
    }

    @Test
    @DisplayName("yantai-2023 三(七) a stay in the window already assisted as 低保边缘 counts its burden after insurance, not the other category's payment")
    void illnessPoorWindowCountsEarlierStaysAssistedByAnotherCategoryWithoutPayingThemAgain() {
        // 低保边缘 pushed 2022-12-01, exit 2023-03-10 → benefits 2023-01-01 to 2023-03-31 (二(二)); grant 2023-06-15 → window 2022-06-01 – 2023-12-31
        Person p = person().holds("DIBAO_MARGINAL", "2022-12-01", "2023-03-10").granted("ILLNESS_POOR", "2023-06-15");
        // 2023-02-01: 低保边缘 ranks above the grant (就高不重复): (13,000 − 3,000) × 50 % = 5,000; the grant's base 0 → 13,000
        Settlement feb = p.settle(withBurden(YANTAI, "2023-02-01", "13000").build());
        assertThat(feb.category()).isEqualTo("marginal");
        assertThat(feb.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("5000"));
        // 2023-07-01, illness-poor: base 13,000 → 18,000, all above 10,000: 5,000 × 60 % = 3,000; the grant's cap
        // 30,000 holds only its own payments (30,000 − 3,000 = 27,000 left)
        Settlement jul = p.settle(withBurden(YANTAI, "2023-07-01", "5000").build());
        assertThat(jul.category()).isEqualTo("illnessPoor");
        assertThat(jul.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("3000"));
        assertThat(jul.layer(Layer.ASSISTANCE).orElseThrow().capRemaining()).isEqualTo(yuan("27000"));
    }
}

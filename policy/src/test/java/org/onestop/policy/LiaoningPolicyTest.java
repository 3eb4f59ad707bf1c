package org.onestop.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onestop.policy.Discharges.LIAONING;
import static org.onestop.policy.Discharges.inpatient;
import static org.onestop.policy.Discharges.withBurden;
import static org.onestop.policy.Person.yuan;

import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Liaoning (liaoning-2023.txt), clauses (三) critical illness, (五) assistance, (八) illness-poor, (十二) referral. */
class LiaoningPolicyTest {

    static final PolicyCatalog CATALOG = PolicyCatalog.loadDefault();

    Person person() {
        return Person.under(CATALOG);
    }

    @Test
    void dibaoTekunOrphanNoDeductible70PercentCap20000_五() {
        Person p = person().holds("DIBAO", "2023-01-01");
        // 10,000 × 70 % = 7,000
        assertThat(p.settle(withBurden(LIAONING, "2023-03-01", "10000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("7000"));
        // 20,000 × 70 % = 14,000, cap 20,000 − 7,000 = 13,000
        assertThat(p.settle(withBurden(LIAONING, "2023-04-01", "20000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("13000"));
        assertThat(person().holds("ORPHAN", "2023-01-01").settle(withBurden(LIAONING, "2023-03-01", "10000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("7000"));
    }

    @Test
    void dibaoMarginalDeductible2000At60Percent_五() {
        // (5,000 − 2,000) × 60 % = 1,800
        assertThat(person().holds("DIBAO_MARGINAL", "2023-01-01").settle(withBurden(LIAONING, "2023-03-01", "5000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("1800"));
    }

    @Test
    void illnessPoorDeductible5000At50Percent_五() {
        // (8,000 − 5,000) × 50 % = 1,500
        assertThat(person().holds("ILLNESS_POOR", "2023-01-01").settle(withBurden(LIAONING, "2023-03-01", "8000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("1500"));
    }

    @Test
    void unreferredCareOutsideTheRegionIsNotAssisted_十二() {
        assertThat(person().holds("DIBAO", "2023-01-01").settle(withBurden(LIAONING, "2023-03-01", "10000")
                .location(CareLocation.IN_PROVINCE).build()).paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
    }

    @Test
    void illnessPoorOneTimeAssistanceCoversTheTwelveMonthsBeforeTheApplicationDay_八() {
        // application 2023-08-15 → window [2022-08-15, 2023-08-15), 因病致贫 standard: 5,000 deductible, 50 %
        Person p = person().granted("ILLNESS_POOR", "2023-08-15");
        // 2022-08-14 is before this policy and outside the window: not settled under it
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.settle(withBurden(LIAONING, "2022-08-14", "9000").build()))
                .isInstanceOf(PolicyNotInForceException.class);
        // in the window: 6,000 → (6,000 − 5,000) × 50 % = 500
        assertThat(p.settle(withBurden(LIAONING, "2022-09-01", "6000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("500"));
        // +10,000 → 5,000
        assertThat(p.settle(withBurden(LIAONING, "2023-03-01", "10000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("5000"));
        // the application day itself is after the window
        assertThat(p.settle(withBurden(LIAONING, "2023-08-15", "10000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
    }

    @Test
    void criticalIllnessRatioRaisedTo75PercentForDibaoTekunOrphanReturned_三() {
        // assumed: resident basic deductible 800, secondary 75 % → basic 74,400; CI base 25,600; CI deductible 15,000 (assumed)
        var d = inpatient(LIAONING, "2023-05-10", "100000").build();
        // (25,600 − 15,000) × 75 % = 7,950
        assertThat(person().holds("RETURNED_TO_POVERTY", "2023-01-01").settle(d).paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("7950"));
        // general 60 % (assumed): 6,360
        assertThat(person().holds("DIBAO_MARGINAL", "2023-01-01").settle(d).paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("6360"));
    }

    @Test
    void severeMentalDisorderInpatientsGetAFixedAmountPerBedDay_五() {
        // 30 bed-days × 100 (assumed per-day amount) = 3,000, within the 10,000 burden
        Settlement s = person().holds("DIBAO", "2023-01-01").settle(
                withBurden(LIAONING, "2023-03-01", "10000").disease("SEVERE_MENTAL_DISORDER").bedDays(30).build());
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("3000"));
    }

    @Test
    void tiltedAssistanceForReferredInProvinceCareAfterBasicAssistance_五() {
        // dibao, burden 40,000: basic assistance 70 % = 28,000 → cap 20,000; remaining 20,000.
        // tilted (assumed city parameters: above 5,000 at 60 %): 15,000 × 60 % = 9,000
        Settlement s = person().holds("DIBAO", "2023-01-01").settle(withBurden(LIAONING, "2023-03-01", "40000")
                .location(CareLocation.IN_PROVINCE).referred(true).build());
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("20000"));
        assertThat(s.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("9000"));
        // tekun: no tilted deductible ((五) 取消倾斜救助起付标准): remaining 20,000 × 60 % = 12,000
        assertThat(person().holds("TEKUN", "2023-01-01").settle(withBurden(LIAONING, "2023-03-01", "40000").build())
                .paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("12000"));
        // out of province: none
        assertThat(person().holds("TEKUN", "2023-01-01").settle(withBurden(LIAONING, "2023-03-01", "40000")
                .location(CareLocation.OUT_OF_PROVINCE).referred(true).build()).paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
    }

    // ---------------------------------------------------------------- issue 18: the one-time illness-poor window
    // (八): "自申请救助之日前12个月内个人负担的合规医疗费用，给予一次性医疗救助". Anchored on the application day: from
    // the same day 12 months earlier (inclusive) to the day before the application (the application day is out);
    // the 因病致贫 standard of (五): above 5,000 at 50 %, cap 20,000 for the grant, all counted over the window only.

    static final String ONE_TIME_WINDOW = "liaoning-2023 (八) 自申请救助之日前12个月内";

    @Test
    @DisplayName("liaoning-2023 (八) window of a 2024-03-10 application: 2023-03-10 to 2024-03-09, across the year boundary")
    void illnessPoorOneTimeWindowIsTheTwelveMonthsBeforeTheApplicationDay() {
        Person p = person().granted("ILLNESS_POOR", "2024-03-10");
        // 2023-03-09: the day before the window: nothing, and nothing counted for the grant
        assertThat(p.settle(withBurden(LIAONING, "2023-03-09", "9000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(p.ledger().scope("grant:ILLNESS_POOR-1")).isEmpty();
        // 2023-03-10, first day: (6,000 − 5,000) × 50 % = 500 (with 03-09 counted: 15,000 → 10,000 × 50 % = 5,000)
        assertThat(p.settle(withBurden(LIAONING, "2023-03-10", "6000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("500"));
        // 2024-03-09, last day, in the next year: the grant's base carries on, 6,000 → 10,000: 4,000 × 50 % = 2,000
        Settlement last = p.settle(withBurden(LIAONING, "2024-03-09", "4000").build());
        assertThat(last.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("2000"));
        assertThat(last.layer(Layer.ASSISTANCE).orElseThrow().window())
                .isEqualTo(new LayerWindow(LocalDate.parse("2023-03-10"), LocalDate.parse("2024-03-09"), ONE_TIME_WINDOW));
        // 2024-03-10, the application day: outside
        assertThat(p.settle(withBurden(LIAONING, "2024-03-10", "4000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
    }

    @Test
    @DisplayName("liaoning-2023 (八) a stay in the window already assisted as 低保边缘 counts toward the one-time grant's threshold")
    void illnessPoorOneTimeWindowCountsEarlierStaysAssistedByAnotherCategory() {
        // 低保边缘 2023-01-01 to 2023-06-01; application 2024-01-20 → window 2023-01-20 – 2024-01-19
        Person p = person().holds("DIBAO_MARGINAL", "2023-01-01", "2023-06-01").granted("ILLNESS_POOR", "2024-01-20");
        // 2023-04-01: 低保边缘 ranks above the grant: (12,000 − 2,000) × 60 % = 6,000; the grant's base 0 → 12,000
        Settlement apr = p.settle(withBurden(LIAONING, "2023-04-01", "12000").build());
        assertThat(apr.category()).isEqualTo("marginal");
        assertThat(apr.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("6000"));
        // 2023-09-01, one-time grant: 12,000 → 16,000, all above 5,000: 4,000 × 50 % = 2,000
        Settlement sep = p.settle(withBurden(LIAONING, "2023-09-01", "4000").build());
        assertThat(sep.category()).isEqualTo("illnessPoorOneTime");
        assertThat(sep.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("2000"));
    }
}

package org.onestop.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onestop.policy.Discharges.LIAONING;
import static org.onestop.policy.Discharges.inpatient;
import static org.onestop.policy.Discharges.withBurden;
import static org.onestop.policy.Person.yuan;

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
}

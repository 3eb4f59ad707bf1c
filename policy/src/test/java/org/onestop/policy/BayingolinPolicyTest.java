package org.onestop.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onestop.policy.Discharges.BAYINGOLIN;
import static org.onestop.policy.Discharges.withBurden;
import static org.onestop.policy.Person.yuan;

import org.junit.jupiter.api.Test;

/** Bayingolin (bayingolin-2023-interpretation.txt), sections 二(二) standards and 二(三) tilted assistance. */
class BayingolinPolicyTest {

    static final PolicyCatalog CATALOG = PolicyCatalog.loadDefault();

    Person person() {
        return Person.under(CATALOG);
    }

    @Test
    void classesOneAndTwoGet70PercentWithoutDeductible_二二() {
        // 10,000 × 70 % = 7,000
        assertThat(person().holds("TEKUN", "2023-04-01").settle(withBurden(BAYINGOLIN, "2023-06-01", "10000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("7000"));
        assertThat(person().holds("DIBAO", "2023-04-01").settle(withBurden(BAYINGOLIN, "2023-06-01", "10000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("7000"));
    }

    @Test
    void classThreeDeductible2000Then65PercentTo10000And70PercentAbove_二二() {
        Person p = person().holds("DIBAO_MARGINAL", "2023-04-01");
        // (8,000 − 2,000) × 65 % = 3,900
        assertThat(p.settle(withBurden(BAYINGOLIN, "2023-05-01", "8000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("3900"));
        // cumulative 8,000 → 13,000: 2,000 × 65 % + 3,000 × 70 % = 1,300 + 2,100 = 3,400
        Settlement second = p.settle(withBurden(BAYINGOLIN, "2023-06-01", "5000").build());
        assertThat(second.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("3400"));
        assertThat(second.layer(Layer.ASSISTANCE).orElseThrow().bands()).hasSize(2);
    }

    @Test
    void classFourDeductible5000Then60PercentTo10000And65PercentAbove_二二() {
        // (10,000 − 5,000) × 60 % + 2,000 × 65 % = 3,000 + 1,300 = 4,300
        assertThat(person().holds("ILLNESS_POOR", "2023-04-01").settle(withBurden(BAYINGOLIN, "2023-06-01", "12000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("4300"));
    }

    @Test
    void annualCapOf45000_二二() {
        // 70,000 × 70 % = 49,000 → 45,000
        assertThat(person().holds("DIBAO", "2023-04-01").settle(withBurden(BAYINGOLIN, "2023-06-01", "70000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("45000"));
    }

    @Test
    void assistanceExplainsWhatRemainsOfTheOutpatientSubCap_二二() {
        // chronic outpatient 5,000 × 70 % = 3,500, within the 4,000 sub-cap: 4,000 − 3,500 = 500 remain
        LayerPayment a = person().holds("DIBAO", "2023-04-01")
                .settle(withBurden(BAYINGOLIN, "2023-05-01", "5000").visit(VisitType.CHRONIC_OUTPATIENT).build())
                .layer(Layer.ASSISTANCE).orElseThrow();
        assertThat(a.amount()).isEqualTo(yuan("3500"));
        assertThat(a.notes()).contains("CHRONIC_OUTPATIENT 子限额 4000.00 元（bayingolin-2023 二(二)），剩余 500.00 元");
    }

    @Test
    void chronicOutpatientSubCap4000SharesTheAnnualCapWithInpatient_二二() {
        Person p = person().holds("DIBAO", "2023-04-01");
        // chronic outpatient 10,000 × 70 % = 7,000 → sub-cap 4,000
        assertThat(p.settle(withBurden(BAYINGOLIN, "2023-05-01", "10000").visit(VisitType.CHRONIC_OUTPATIENT).build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("4000"));
        assertThat(p.settle(withBurden(BAYINGOLIN, "2023-05-20", "1000").visit(VisitType.CHRONIC_OUTPATIENT).build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
        // inpatient 60,000 × 70 % = 42,000, but the shared 45,000 has 41,000 left
        assertThat(p.settle(withBurden(BAYINGOLIN, "2023-06-01", "60000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("41000"));
    }

    @Test
    void majorIllnessOutpatientSubCap20000_二二() {
        // 40,000 × 70 % = 28,000 → 20,000
        assertThat(person().holds("TEKUN", "2023-04-01").settle(withBurden(BAYINGOLIN, "2023-06-01", "40000")
                .visit(VisitType.MAJOR_ILLNESS_OUTPATIENT).build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("20000"));
    }

    @Test
    void tiltedAssistanceAbove6000For60PercentForClassesOneAndTwo_二三() {
        Person p = person().holds("DIBAO", "2023-04-01");
        // burden 20,000: assistance 14,000, remaining 6,000 → nothing above 6,000
        Settlement first = p.settle(withBurden(BAYINGOLIN, "2023-05-01", "20000").build());
        assertThat(first.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
        // burden 10,000: assistance 7,000, remaining 3,000 → cumulative 9,000: (9,000 − 6,000) × 60 % = 1,800
        assertThat(p.settle(withBurden(BAYINGOLIN, "2023-06-01", "10000").build()).paidBy(Layer.SECONDARY_ASSISTANCE))
                .isEqualTo(yuan("1800"));
    }

    @Test
    void tiltedAssistanceIsNotCountedInTheAnnualCapAndHasItsOwn30000_二三() {
        // burden 100,000: assistance 70,000 → 45,000; remaining 55,000 → (55,000 − 6,000) × 60 % = 29,400
        Settlement s = person().holds("DIBAO", "2023-04-01").settle(withBurden(BAYINGOLIN, "2023-06-01", "100000").build());
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("45000"));
        assertThat(s.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("29400"));
        assertThat(s.patientPays()).isEqualTo(yuan("25600"));
        // a further 20,000: no assistance left; tilted 20,000 × 60 % = 12,000 → cap 30,000 − 29,400 = 600
        Person p = person().holds("DIBAO", "2023-04-01");
        p.settle(withBurden(BAYINGOLIN, "2023-06-01", "100000").build());
        assertThat(p.settle(withBurden(BAYINGOLIN, "2023-07-01", "20000").build()).paidBy(Layer.SECONDARY_ASSISTANCE))
                .isEqualTo(yuan("600"));
    }

    @Test
    void tiltedAssistanceForClassThreeAbove9000At55PercentAndClassFourAbove15000At50Percent_二三() {
        // class 3, burden 20,000: assistance (10,000 − 2,000) × 65 % + 10,000 × 70 % = 5,200 + 7,000 = 12,200;
        // remaining 7,800 < 9,000 → 0
        Settlement c3 = person().holds("MARGINAL_AT_RISK", "2023-04-01").settle(withBurden(BAYINGOLIN, "2023-06-01", "20000").build());
        assertThat(c3.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("12200"));
        assertThat(c3.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
        // class 3, burden 40,000: assistance 5,200 + 30,000 × 70 % = 26,200; remaining 13,800 → (13,800 − 9,000) × 55 % = 2,640
        Settlement c3b = person().holds("MARGINAL_AT_RISK", "2023-04-01").settle(withBurden(BAYINGOLIN, "2023-06-01", "40000").build());
        assertThat(c3b.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("2640"));
        // class 4, burden 60,000: assistance 3,000 + 50,000 × 65 % = 35,500; remaining 24,500 → (24,500 − 15,000) × 50 % = 4,750
        Settlement c4 = person().holds("ILLNESS_POOR", "2023-04-01").settle(withBurden(BAYINGOLIN, "2023-06-01", "60000").build());
        assertThat(c4.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("35500"));
        assertThat(c4.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(yuan("4750"));
    }

    @Test
    void tiltedAssistanceOnlyInRegionOrReferredWithinXinjiang_二三() {
        var outside = withBurden(BAYINGOLIN, "2023-06-01", "100000").location(CareLocation.IN_PROVINCE);
        Settlement unreferred = person().holds("DIBAO", "2023-04-01").settle(outside.referred(false).build());
        // basic assistance has no referral condition in the text; tilted has
        assertThat(unreferred.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("45000"));
        assertThat(unreferred.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(person().holds("DIBAO", "2023-04-01").settle(outside.referred(true).build()).paidBy(Layer.SECONDARY_ASSISTANCE))
                .isEqualTo(yuan("29400"));
        Settlement outOfXinjiang = person().holds("DIBAO", "2023-04-01").settle(
                withBurden(BAYINGOLIN, "2023-06-01", "100000").location(CareLocation.OUT_OF_PROVINCE).referred(true).build());
        assertThat(outOfXinjiang.paidBy(Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
    }

    @Test
    void policyIsNotInForceBeforeItsIssueDate() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> person().holds("DIBAO", "2023-01-01")
                .settle(withBurden(BAYINGOLIN, "2023-03-08", "1000").build()))
                .isInstanceOf(PolicyNotInForceException.class).hasMessageContaining("2023-03-09");
    }
}

package org.onestop.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.onestop.policy.Discharges.JIUJIANG;
import static org.onestop.policy.Discharges.YANTAI;
import static org.onestop.policy.Discharges.inpatient;
import static org.onestop.policy.Person.yuan;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each insurance layer supplied by the national core system or computed by the engine on its own (issue 14): a null
 * {@code hifmi_pay}/{@code hifob_pay} means "the engine computes it" (docs/events.md), so a region whose core system
 * settles basic insurance while the suite applies the critical-illness tilt charges the patient no part of the tilt.
 *
 * <p>Parameters used (policy files): Yantai resident basic 800 deductible, 75 % at a secondary hospital (assumed);
 * critical illness general 14,000 / 60 %, tilted 7,000 / 65 % without cap (三(四)1); employee general 12,000 / 80 %,
 * tilted 6,000 / 85 % (三(四)1); 低保 assistance 80 % (三(六)1), re-assistance above 5,000 (三(六)1). Jiujiang with
 * the 2022 income set to 30,000: critical illness general 50 % = 15,000 / 60 % (assumed), tilted 25 % = 7,500 / 65 %
 * (三(二)); resident basic 800 / 75 % (assumed); 二类 assistance 75 % without deductible (三(三)2(2)).
 */
class UpstreamLayersTest {

    static final PolicyCatalog CATALOG = PolicyCatalog.loadDefault(Map.of(
            "jiujiang-2022.assumptions.income.2022", "30000.00 | test figure"));

    Person person() {
        return Person.under(CATALOG);
    }

    // ---------------------------------------------------------------- Yantai 三(四)

    @Test
    @DisplayName("yantai-2023 三(四)1 basic supplied, critical illness computed: the 低保 tilt is paid, not charged to the patient")
    void yantaiBasicSuppliedCriticalIllnessComputedWithTheTilt() {
        // 低保 pushed 2022-12-01 → holds from 2023-01-01 (二(二)). In scope 60,000, hifp_pay 40,000, no hifmi_pay.
        // critical illness on 60,000 − 40,000 = 20,000: (20,000 − 7,000) × 65 % = 8,450 (三(四)1)
        // burden 60,000 − 40,000 − 8,450 = 11,550 → × 80 % = 9,240 (三(六)1); 2,310 left, below re-assistance's 5,000
        Settlement s = person().holds("DIBAO", "2022-12-01").settle(
                inpatient(YANTAI, "2023-05-10", "60000").upstream(UpstreamInsurance.basicOnly("40000")).build());
        assertThat(s.paidBy(Layer.BASIC)).isEqualTo(yuan("40000"));
        assertThat(s.paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("8450"));
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("9240"));
        assertThat(s.patientPays()).isEqualTo(yuan("2310"));
        assertThat(s.nationalRecord().hifmiPay()).isEqualTo(yuan("8450"));
        LayerPayment ci = s.layer(Layer.CRITICAL_ILLNESS).orElseThrow();
        assertThat(ci.clause()).isEqualTo("yantai-2023 三(四)1");
        assertThat(ci.notes()).anyMatch(n -> n.contains("hifp_pay")).anyMatch(n -> n.contains("倾斜支付"));
    }

    @Test
    @DisplayName("yantai-2023 三(四)1 basic supplied, critical illness computed: without an identity the general line applies")
    void yantaiBasicSuppliedCriticalIllnessComputedWithoutTheTilt() {
        // (20,000 − 14,000) × 60 % = 3,600; no assistance: the patient pays 20,000 − 3,600 = 16,400
        Settlement s = person().settle(inpatient(YANTAI, "2023-05-10", "60000").upstream(UpstreamInsurance.basicOnly("40000")).build());
        assertThat(s.paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("3600"));
        assertThat(s.patientPays()).isEqualTo(yuan("16400"));
    }

    @Test
    @DisplayName("yantai-2023 三(四)1 critical illness computed on supplied basic counts its deductible over the year")
    void yantaiComputedCriticalIllnessAccumulatesAcrossStaysWithSuppliedBasic() {
        Person p = person().holds("DIBAO", "2022-12-01");
        // first stay: 15,000 − 10,000 = 5,000, below the tilted 7,000 → 0
        assertThat(p.settle(inpatient(YANTAI, "2023-03-01", "15000").upstream(UpstreamInsurance.basicOnly("10000")).build())
                .paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(Money.ZERO);
        // second: 25,000 − 15,000 = 10,000 on top of 5,000 → (15,000 − 7,000) × 65 % = 5,200
        Settlement second = p.settle(inpatient(YANTAI, "2023-06-01", "25000").upstream(UpstreamInsurance.basicOnly("15000")).build());
        assertThat(second.paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("5200"));
        assertThat(second.layer(Layer.CRITICAL_ILLNESS).orElseThrow().cumulativeBefore()).isEqualTo(yuan("5000"));
    }

    @Test
    @DisplayName("yantai-2023 三(四)1 employee: basic supplied, the large-amount layer computed with the 6,000 / 85 % tilt")
    void yantaiEmployeeBasicSuppliedLargeAmountComputed() {
        // in scope 50,000, hifp_pay 30,000: (20,000 − 6,000) × 85 % = 11,900 → hifob_pay
        // burden 50,000 − 30,000 − 11,900 = 8,100 → × 80 % = 6,480; patient 1,620
        Settlement s = person().holds("DIBAO", "2022-12-01").settle(inpatient(YANTAI, "2023-05-10", "50000")
                .insurance(InsuranceType.EMPLOYEE).upstream(UpstreamInsurance.basicOnly("30000")).build());
        assertThat(s.nationalRecord().hifobPay()).isEqualTo(yuan("11900"));
        assertThat(s.nationalRecord().hifmiPay()).isEqualTo(Money.ZERO);
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("6480"));
        assertThat(s.patientPays()).isEqualTo(yuan("1620"));
    }

    @Test
    @DisplayName("yantai-2023 三(四)1 both supplied: the core system's critical-illness payment is taken as paid")
    void yantaiBothSupplied() {
        // hifp_pay 40,000, hifmi_pay 5,000: burden 15,000 → × 80 % = 12,000; 3,000 left
        Settlement s = person().holds("DIBAO", "2022-12-01").settle(
                inpatient(YANTAI, "2023-05-10", "60000").upstream("40000", "5000").build());
        assertThat(s.paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("5000"));
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("12000"));
        assertThat(s.patientPays()).isEqualTo(yuan("3000"));
    }

    @Test
    @DisplayName("yantai-2023 三(四)1 both computed: basic (assumed) then the tilted critical illness")
    void yantaiBothComputed() {
        // basic (60,000 − 800) × 75 % = 44,400; critical illness on 15,600: (15,600 − 7,000) × 65 % = 5,590
        // burden 60,000 − 44,400 − 5,590 = 10,010 → × 80 % = 8,008; patient 2,002
        Settlement s = person().holds("DIBAO", "2022-12-01").settle(inpatient(YANTAI, "2023-05-10", "60000").build());
        assertThat(s.paidBy(Layer.BASIC)).isEqualTo(yuan("44400"));
        assertThat(s.paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("5590"));
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("8008"));
        assertThat(s.patientPays()).isEqualTo(yuan("2002"));
    }

    @Test
    @DisplayName("basic computed under a supplied critical illness cannot be expressed: hifp_pay is required with hifmi_pay")
    void basicComputedUnderSuppliedCriticalIllnessIsRefused() {
        // critical illness is paid on what basic left; a payment computed after a basic payment we do not know cannot be checked
        assertThatThrownBy(() -> new UpstreamInsurance(null, Money.of("5000"), null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("basicFund");
    }

    // ---------------------------------------------------------------- Jiujiang 三(二)

    @Test
    @DisplayName("jiujiang-2022 三(二) basic supplied, critical illness computed: the 25 % line and 65 % for 低保")
    void jiujiangBasicSuppliedCriticalIllnessComputedWithTheTilt() {
        // in scope 50,000, hifp_pay 30,000: (20,000 − 7,500) × 65 % = 8,125 (三(二))
        // burden 50,000 − 30,000 − 8,125 = 11,875 → × 75 % = 8,906.25 (三(三)2(2)); patient 2,968.75
        Settlement s = person().holds("DIBAO", "2023-01-01").settle(
                inpatient(JIUJIANG, "2023-06-01", "50000").upstream(UpstreamInsurance.basicOnly("30000")).build());
        assertThat(s.paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("8125"));
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("8906.25"));
        assertThat(s.patientPays()).isEqualTo(yuan("2968.75"));
        assertThat(s.layer(Layer.CRITICAL_ILLNESS).orElseThrow().clause()).isEqualTo("jiujiang-2022 三(二)");
    }

    @Test
    @DisplayName("jiujiang-2022 三(二) basic supplied, critical illness computed: the general 50 % line without an identity")
    void jiujiangBasicSuppliedCriticalIllnessComputedWithoutTheTilt() {
        // (20,000 − 15,000) × 60 % = 3,000; patient 20,000 − 3,000 = 17,000
        Settlement s = person().settle(inpatient(JIUJIANG, "2023-06-01", "50000").upstream(UpstreamInsurance.basicOnly("30000")).build());
        assertThat(s.paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("3000"));
        assertThat(s.patientPays()).isEqualTo(yuan("17000"));
    }

    @Test
    @DisplayName("jiujiang-2022 三(二) both supplied")
    void jiujiangBothSupplied() {
        // hifp_pay 30,000, hifmi_pay 4,000: burden 16,000 → × 75 % = 12,000; patient 4,000
        Settlement s = person().holds("DIBAO", "2023-01-01").settle(
                inpatient(JIUJIANG, "2023-06-01", "50000").upstream("30000", "4000").build());
        assertThat(s.paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("4000"));
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("12000"));
        assertThat(s.patientPays()).isEqualTo(yuan("4000"));
    }

    @Test
    @DisplayName("jiujiang-2022 三(二) both computed")
    void jiujiangBothComputed() {
        // basic (50,000 − 800) × 75 % = 36,900; critical illness on 13,100: (13,100 − 7,500) × 65 % = 3,640
        // burden 50,000 − 36,900 − 3,640 = 9,460 → × 75 % = 7,095; patient 2,365
        Settlement s = person().holds("DIBAO", "2023-01-01").settle(inpatient(JIUJIANG, "2023-06-01", "50000").build());
        assertThat(s.paidBy(Layer.BASIC)).isEqualTo(yuan("36900"));
        assertThat(s.paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(yuan("3640"));
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("7095"));
        assertThat(s.patientPays()).isEqualTo(yuan("2365"));
    }
}

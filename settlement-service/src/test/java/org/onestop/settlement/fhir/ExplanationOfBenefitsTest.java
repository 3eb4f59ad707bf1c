package org.onestop.settlement.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.ExplanationOfBenefit.ExplanationOfBenefitStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.onestop.settlement.settle.SettlementAnswer;
import org.onestop.settlement.settle.SettlementAnswer.AdjustmentLine;
import org.onestop.settlement.settle.SettlementAnswer.Band;
import org.onestop.settlement.settle.SettlementAnswer.DischargeSummary;
import org.onestop.settlement.settle.SettlementAnswer.LayerView;

/** The mapping alone, on a hand-written answer: amounts exact, adjustments folded, reversal lines not. */
class ExplanationOfBenefitsTest {

    private static final UUID ID = UUID.fromString("6f1c1d2e-0000-4000-8000-000000000001");

    @Test
    @DisplayName("jiujiang-2022 三(三)2(2): class 2, 75 % of 4,000 = 3,000 from 610100; the patient pays 1,000 of 14,000")
    void aSettledAnswerMapsToItsAmountsExactly() {
        ExplanationOfBenefit eob = ExplanationOfBenefits.of(answer("SETTLED", List.of()));
        assertThat(eob.getStatus()).isEqualTo(ExplanationOfBenefitStatus.ACTIVE);
        assertThat(amount(eob, "submitted", null)).isEqualTo(new BigDecimal("14000.00"));
        assertThat(amount(eob, "benefit", "310100")).isEqualTo(new BigDecimal("10000.00"));
        assertThat(amount(eob, "benefit", "610100")).isEqualTo(new BigDecimal("3000.00"));
        assertThat(amount(eob, "copay", null)).isEqualTo(new BigDecimal("1000.00"));
        // class 2 has no deductible (不设起付线): base 4,000 all inside the first band
        assertThat(eob.getAdjudication()).noneMatch(a -> code(a.getCategory()).equals("deductible"));
        assertThat(eob.getBenefitBalanceFirstRep().getFinancialFirstRep().getUsedMoney().getValue())
                .isEqualTo(new BigDecimal("3000.00"));
        assertThat(eob.getBenefitBalanceFirstRep().getFinancialFirstRep().getAllowedMoney().getCurrency()).isEqualTo("CNY");
    }

    @Test
    void anAdjustmentMovesMoneyFromThePatientToTheFundAndAReversalLineIsNotFolded() {
        Instant at = Instant.parse("2026-05-02T08:00:00Z");
        // an identity change raised assistance by 250.50 (补付): the fund pays 3,250.50, the patient 749.50
        AdjustmentLine raise = new AdjustmentLine("ASSISTANCE", "610100", "250.50", "ADJUSTMENT", "IDENTITY_CHANGED", UUID.randomUUID(), at);
        ExplanationOfBenefit adjusted = ExplanationOfBenefits.of(answer("SETTLED", List.of(raise)));
        assertThat(amount(adjusted, "benefit", "610100")).isEqualTo(new BigDecimal("3250.50"));
        assertThat(amount(adjusted, "copay", null)).isEqualTo(new BigDecimal("749.50"));
        // then cancelled: the reversal lines undo everything, the resource shows the claim as it stood, cancelled
        AdjustmentLine reverseBasic = new AdjustmentLine("BASIC", null, "-10000.00", "REVERSAL", "CANCELLED", null, at);
        AdjustmentLine reverseAssistance = new AdjustmentLine("ASSISTANCE", null, "-3250.50", "REVERSAL", "CANCELLED", null, at);
        ExplanationOfBenefit cancelled = ExplanationOfBenefits.of(answer("REVERSED", List.of(raise, reverseBasic, reverseAssistance)));
        assertThat(cancelled.getStatus()).isEqualTo(ExplanationOfBenefitStatus.CANCELLED);
        assertThat(amount(cancelled, "benefit", "610100")).isEqualTo(new BigDecimal("3250.50"));
        assertThat(amount(cancelled, "copay", null)).isEqualTo(new BigDecimal("749.50"));
    }

    @Test
    void theYuanTextIsReadAsExactFenAndNeverRounded() {
        assertThat(ExplanationOfBenefits.fen("0.10")).isEqualTo(10);
        assertThat(ExplanationOfBenefits.fen("-3250.5")).isEqualTo(-325050);
        assertThat(ExplanationOfBenefits.money(1999999999999L).getValue()).isEqualTo(new BigDecimal("19999999999.99"));
        assertThatThrownBy(() -> ExplanationOfBenefits.fen("0.001")).isInstanceOf(ArithmeticException.class);
    }

    @Test
    @DisplayName("shanxi-2019 八: 乳腺癌 capped at 45,000 of 50,000; the hospital's 5,000 is not a fund's benefit")
    void theHospitalsPartIsItsOwnAdjudicationNotABenefit() {
        // 45,000 within the cap price: basic 70 % = 31,500, assistance 20 % = 9,000 (key recipient), the patient 4,500;
        // the 5,000 above the cap is borne by the hospital. 31,500 + 9,000 + 4,500 + 5,000 = 50,000.
        LayerView basic = new LayerView("BASIC", "城乡居民基本医疗保险基金", "390100", "31500.00", "45000.00", "0.00", List.of(), null,
                null, null, "shanxi-2019 八", List.of(), null);
        LayerView assistance = new LayerView("ASSISTANCE", "医疗救助（重特大疾病单病种）", "610100", "9000.00", "45000.00", "0.00",
                List.of(new Band("0.00", "45000.00", "45000.00", "0.20", "20%", "9000.00", "shanxi-2019 八")), null, null, null,
                "shanxi-2019 八", List.of(), null);
        LayerView hospital = new LayerView("HOSPITAL_BORNE", "超限额部分由定点医疗机构承担", "999996", "5000.00", "50000.00", "0.00",
                List.of(), "45000.00", null, null, "shanxi-2019 八", List.of(), null);
        ExplanationOfBenefit eob = ExplanationOfBenefits.of(answer(List.of(basic, assistance, hospital), "50000.00", "45000.00",
                "4500.00", "5000.00"));
        assertThat(amount(eob, "benefit", "390100")).isEqualTo(new BigDecimal("31500.00"));
        assertThat(amount(eob, "benefit", "610100")).isEqualTo(new BigDecimal("9000.00"));
        assertThat(eob.getAdjudication()).noneMatch(a -> code(a.getCategory()).equals("benefit") && code(a.getReason()).equals("999996"));
        assertThat(amount(eob, FhirNames.HOSPITAL_ABSORBS, "999996")).isEqualTo(new BigDecimal("5000.00"));
        assertThat(amount(eob, "copay", null)).isEqualTo(new BigDecimal("4500.00"));
        assertThat(eob.getTotal()).filteredOn(t -> code(t.getCategory()).equals("benefit")).singleElement()
                .satisfies(t -> assertThat(t.getAmount().getValue()).isEqualTo(new BigDecimal("40500.00")));
        // the cap price is the hospital's limit on this stay, not an annual balance
        assertThat(eob.getBenefitBalance()).isEmpty();
    }

    @Test
    @DisplayName("jiujiang-2022 三(三)2(1): class 1's backstop limit is 10 % of this bill, not an annual balance")
    void theBackstopsLimitIsNotABenefitBalance() {
        // 12,000 total, 10,000 in scope, 2,000 out of catalogue; basic paid 6,000 upstream; class 1 assistance 100 % of
        // the 4,000 left; the backstop pays min(2,000, 10 % × 12,000 = 1,200) = 1,200; the patient 800.
        LayerView basic = new LayerView("BASIC", "基本医疗保险统筹基金", "390100", "6000.00", "10000.00", "0.00", List.of(), null, null,
                null, "upstream", List.of(), null);
        LayerView assistance = new LayerView("ASSISTANCE", "医疗救助", "610100", "4000.00", "4000.00", "0.00",
                List.of(new Band("0.00", null, "4000.00", "1", "100%", "4000.00", "jiujiang-2022 三(三)2(1)")), null, null, null,
                "jiujiang-2022 三(三)2(1)", List.of(), null);
        LayerView backstop = new LayerView("BACKSTOP", "财政兜底（目录外费用）", "640100", "1200.00", "2000.00", "0.00", List.of(),
                "1200.00", "0.00", null, "jiujiang-2022 三(三)2(1)", List.of(), null);
        ExplanationOfBenefit eob = ExplanationOfBenefits.of(answer(List.of(basic, assistance, backstop), "12000.00", "10000.00",
                "800.00", "0.00"));
        assertThat(amount(eob, "benefit", "640100")).isEqualTo(new BigDecimal("1200.00"));
        assertThat(amount(eob, "copay", null)).isEqualTo(new BigDecimal("800.00"));
        assertThat(eob.getBenefitBalance()).isEmpty();
    }

    /** An answer of these layers and totals, otherwise as {@link #answer(String, List)}. */
    static SettlementAnswer answer(List<LayerView> layers, String total, String inScope, String patient, String hospital) {
        SettlementAnswer a = answer("SETTLED", List.of());
        Map<String, String> setlinfo = new LinkedHashMap<>(a.setlinfo());
        setlinfo.put("medfee_sumamt", total);
        setlinfo.put("inscp_scp_amt", inScope);
        setlinfo.put("psn_part_amt", patient);
        setlinfo.put("hosp_part_amt", hospital);
        return new SettlementAnswer(a.settlementId(), a.status(), false, a.personRef(), a.maskedIdNumber(), a.hospitalId(), a.messageId(),
                a.hospitalSettlementRef(), a.regionCode(), a.policyRegion(), a.policyVersion(), a.category(), a.categoryName(),
                a.identityTypes(), a.categoryBecause(), a.discharge(), setlinfo, a.setldetail(), layers, a.grantsToPerson(), patient,
                hospital, a.settledAt(), a.reversedAt(), a.adjustments());
    }

    /** A Jiujiang class 2 inpatient stay of 14,000 in scope, 10,000 of it paid by basic insurance upstream. */
    static SettlementAnswer answer(String status, List<AdjustmentLine> adjustments) {
        Map<String, String> setlinfo = new LinkedHashMap<>();
        setlinfo.put("medfee_sumamt", "14000.00");
        setlinfo.put("inscp_scp_amt", "14000.00");
        setlinfo.put("fund_pay_sumamt", "13000.00");
        setlinfo.put("psn_part_amt", "1000.00");
        setlinfo.put("hosp_part_amt", "0.00");
        LayerView basic = new LayerView("BASIC", "基本医疗保险", "310100", "10000.00", "14000.00", "0.00", List.of(), null, null, null,
                "upstream", List.of(), null);
        LayerView assistance = new LayerView("ASSISTANCE", "医疗救助", "610100", "3000.00", "4000.00", "0.00",
                List.of(new Band("0.00", null, "4000.00", "0.75", "75%", "3000.00", "jiujiang-2022 三(三)2(2)")), "50000.00",
                "47000.00", null, "jiujiang-2022 三(三)2(2)", List.of(), null);
        DischargeSummary discharge = new DischargeSummary(LocalDate.parse("2026-03-05"), LocalDate.parse("2026-03-10"), "RESIDENT",
                "INPATIENT", "SECONDARY", "IN_REGION", false, null, 5, true);
        Instant settled = Instant.parse("2026-03-10T09:30:00Z");
        return new SettlementAnswer(ID, status, false, "a".repeat(64), "360402***********7", "H36040200001", "msg-1", "ref-1",
                "360402", "jiujiang", "jiujiang-2022", "class2", "二类人员", List.of("DIBAO"), List.of("DIBAO"), discharge, setlinfo, List.of(),
                List.of(basic, assistance), List.of(), "1000.00", "0.00", settled,
                "REVERSED".equals(status) ? settled.plusSeconds(3600) : null, adjustments);
    }

    private static BigDecimal amount(ExplanationOfBenefit eob, String category, String fund) {
        return eob.getAdjudication().stream()
                .filter(a -> code(a.getCategory()).equals(category) && (fund == null ? a.getReason().isEmpty() : code(a.getReason()).equals(fund)))
                .map(a -> a.getAmount().getValue()).findFirst().orElseThrow();
    }

    private static String code(CodeableConcept c) {
        return c == null || c.getCoding().isEmpty() ? "" : c.getCodingFirstRep().getCode();
    }
}

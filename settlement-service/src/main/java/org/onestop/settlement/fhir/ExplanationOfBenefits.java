package org.onestop.settlement.fhir;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.ExplanationOfBenefit.AdjudicationComponent;
import org.hl7.fhir.r4.model.ExplanationOfBenefit.BenefitBalanceComponent;
import org.hl7.fhir.r4.model.ExplanationOfBenefit.BenefitComponent;
import org.hl7.fhir.r4.model.ExplanationOfBenefit.ExplanationOfBenefitStatus;
import org.hl7.fhir.r4.model.ExplanationOfBenefit.RemittanceOutcome;
import org.hl7.fhir.r4.model.ExplanationOfBenefit.TotalComponent;
import org.hl7.fhir.r4.model.ExplanationOfBenefit.Use;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.onestop.policy.Layer;
import org.onestop.settlement.settle.SettlementAnswer;
import org.onestop.settlement.settle.SettlementAnswer.AdjustmentLine;
import org.onestop.settlement.settle.SettlementAnswer.Band;
import org.onestop.settlement.settle.SettlementAnswer.LayerView;

/**
 * A settlement answer as an R4 ExplanationOfBenefit (mapping table in docs/fhir.md). Pure: the same answer gives the
 * same resource. Amounts are the answer's yuan strings read as exact fen (longs) and written as two-decimal CNY.
 * Every layer's benefit, the copay and what the hospital absorbs add up to the submitted total, since the engine's
 * settlement does; later adjustments are folded into both sides. The person appears only as a contained Patient with
 * the person reference and the masked ID number: no name, no raw number.
 */
final class ExplanationOfBenefits {

    static final String REVERSED = "REVERSED";
    static final String HOSPITAL_BORNE = Layer.HOSPITAL_BORNE.name();
    private static final Set<String> PER_SETTLEMENT_LIMITS = Set.of(Layer.BACKSTOP.name(), HOSPITAL_BORNE);

    private ExplanationOfBenefits() {
    }

    static ExplanationOfBenefit of(SettlementAnswer a) {
        ExplanationOfBenefit eob = new ExplanationOfBenefit();
        eob.setId(a.settlementId().toString());
        eob.addIdentifier(new Identifier().setSystem(FhirNames.SETTLEMENT_ID).setValue(a.settlementId().toString()));
        if (a.hospitalSettlementRef() != null) {
            eob.addIdentifier(new Identifier().setSystem(FhirNames.HOSPITAL_SETTLEMENT_REF).setValue(a.hospitalSettlementRef()));
        }
        // a reversed (2305-cancelled) settlement stays readable, as the claim it was, marked cancelled
        eob.setStatus(REVERSED.equals(a.status()) ? ExplanationOfBenefitStatus.CANCELLED : ExplanationOfBenefitStatus.ACTIVE);
        eob.setType(concept(FhirNames.HL7_CLAIM_TYPE, "institutional", "Institutional"));
        eob.setUse(Use.CLAIM);
        eob.setOutcome(RemittanceOutcome.COMPLETE);
        eob.setCreated(Date.from(a.settledAt()));

        Patient patient = new Patient();
        patient.setId("patient");
        patient.addIdentifier(new Identifier().setSystem(FhirNames.PERSON_REF).setValue(a.personRef()));
        if (a.maskedIdNumber() != null) {
            patient.addIdentifier(new Identifier().setSystem(FhirNames.MASKED_ID_NUMBER).setValue(a.maskedIdNumber()));
        }
        eob.addContained(patient);
        eob.setPatient(new Reference("#patient"));
        eob.setInsurer(new Reference().setIdentifier(new Identifier().setSystem(FhirNames.REGION_CODE).setValue(a.regionCode()))
                .setDisplay("医疗保障部门 " + a.regionCode() + " (" + a.policyVersion() + ")"));
        eob.setProvider(new Reference().setIdentifier(new Identifier().setSystem(FhirNames.HOSPITAL_ID).setValue(a.hospitalId())));
        eob.addInsurance().setFocal(true).setCoverage(new Reference().setDisplay(insurance(a.discharge().insuranceType())));
        eob.setBillablePeriod(new Period().setStartElement(day(a.discharge().admissionDate()))
                .setEndElement(day(a.discharge().dischargeDate())));

        Map<String, String> setlinfo = a.setlinfo();
        long submitted = fen(setlinfo.get("medfee_sumamt"));
        long eligible = fen(setlinfo.get("inscp_scp_amt"));
        long hospital = fen(a.hospitalAbsorbs());
        Map<String, Long> paid = paidByLayer(a);
        long benefits = 0;
        for (long m : paid.values()) {
            benefits += m;
        }
        // adjustments move money between the funds and the patient: what the funds pay more, the patient pays less
        long copay = fen(a.patientPays()) - adjusted(a, paid);

        eob.addAdjudication(adjudication(FhirNames.HL7_ADJUDICATION, "submitted", "Submitted Amount", submitted));
        eob.addAdjudication(adjudication(FhirNames.HL7_ADJUDICATION, "eligible", "Eligible Amount", eligible));
        for (LayerView l : a.layers()) {
            if (!paid.containsKey(l.layer())) {
                continue; // the hospital's part, below: not a benefit, no fund pays it
            }
            long amount = paid.get(l.layer());
            AdjudicationComponent benefit = adjudication(FhirNames.HL7_ADJUDICATION, "benefit", "Benefit Amount", amount);
            benefit.setReason(fund(l));
            eob.addAdjudication(benefit);
            long deductible = deductible(l);
            if (deductible > 0) {
                eob.addAdjudication(adjudication(FhirNames.HL7_ADJUDICATION, "deductible", "Deductible", deductible)
                        .setReason(fund(l)));
            }
        }
        eob.addAdjudication(adjudication(FhirNames.HL7_ADJUDICATION, "copay", "CoPay", copay));
        if (hospital > 0) {
            AdjudicationComponent absorbs = adjudication(FhirNames.ADJUDICATION, FhirNames.HOSPITAL_ABSORBS,
                    CodeSystems.HOSPITAL_ABSORBS_DISPLAY, hospital);
            a.layers().stream().filter(l -> HOSPITAL_BORNE.equals(l.layer())).findFirst().ifPresent(l -> absorbs.setReason(fund(l)));
            eob.addAdjudication(absorbs);
        }

        eob.addTotal(total(FhirNames.HL7_ADJUDICATION, "submitted", "Submitted Amount", submitted));
        eob.addTotal(total(FhirNames.HL7_ADJUDICATION, "eligible", "Eligible Amount", eligible));
        eob.addTotal(total(FhirNames.HL7_ADJUDICATION, "benefit", "Benefit Amount", benefits));
        eob.addTotal(total(FhirNames.HL7_ADJUDICATION, "copay", "CoPay", copay));

        for (LayerView l : a.layers()) {
            // annual caps only: a windowed layer's cap is per window, the backstop's a share of this bill, the
            // hospital's part a single-disease cap price; none of those is a balance of the benefit year
            if (l.cap() != null && l.capRemaining() != null && l.window() == null && !PER_SETTLEMENT_LIMITS.contains(l.layer())) {
                eob.addBenefitBalance(balance(l));
            }
        }
        return eob;
    }

    /**
     * Per layer what its fund pays on this settlement now: the settled amount plus every later adjustment of that layer
     * (补付/追回), reversal lines excepted so that a cancelled settlement shows the claim as it was.
     */
    private static Map<String, Long> paidByLayer(SettlementAnswer a) {
        Map<String, Long> paid = new LinkedHashMap<>();
        for (LayerView l : a.layers()) {
            if (HOSPITAL_BORNE.equals(l.layer())) {
                continue; // borne by the hospital (hospitalAbsorbs), not paid by a fund: not a benefit
            }
            paid.merge(l.layer(), fen(l.amount()), Long::sum);
        }
        List<AdjustmentLine> adjustments = a.adjustments() == null ? List.of() : a.adjustments();
        for (AdjustmentLine line : adjustments) {
            if (!"REVERSAL".equals(line.kind()) && paid.containsKey(line.layer())) {
                paid.merge(line.layer(), fen(line.amount()), Long::sum);
            }
        }
        return paid;
    }

    /** The sum of the adjustments {@link #paidByLayer} folded in. */
    private static long adjusted(SettlementAnswer a, Map<String, Long> paid) {
        long sum = 0;
        for (AdjustmentLine line : a.adjustments() == null ? List.<AdjustmentLine>of() : a.adjustments()) {
            if (!"REVERSAL".equals(line.kind()) && paid.containsKey(line.layer())) {
                sum += fen(line.amount());
            }
        }
        return sum;
    }

    /** The part of the layer's base below its first band (its 起付标准 as this discharge met it): base − Σ portions. */
    private static long deductible(LayerView l) {
        if (l.excludedBy() != null || l.bands() == null || l.bands().isEmpty() || l.base() == null) {
            return 0;
        }
        long inBands = 0;
        for (Band b : l.bands()) {
            inBands += fen(b.portion());
        }
        return Math.max(0, fen(l.base()) - inBands);
    }

    private static BenefitBalanceComponent balance(LayerView l) {
        long cap = fen(l.cap());
        long used = cap - fen(l.capRemaining());
        BenefitBalanceComponent b = new BenefitBalanceComponent(fund(l));
        b.setName(l.name() + " 年度限额");
        b.setDescription(l.clause());
        b.setUnit(concept(FhirNames.HL7_BENEFIT_UNIT, "individual", "Individual"));
        b.setTerm(concept(FhirNames.HL7_BENEFIT_TERM, "annual", "Annual"));
        BenefitComponent financial = b.addFinancial();
        financial.setType(concept(FhirNames.HL7_BENEFIT_TYPE, "benefit", "Benefit"));
        financial.setAllowed(money(cap));
        financial.setUsed(money(used));
        return b;
    }

    /**
     * The layer's fund and the layer itself, in our code systems: the fund first (what {@code setldetail} names), then
     * the layer; a layer without a fund code has the layer only. Displays are the CodeSystems' own, so every coding
     * validates against them; the layer's name as this policy gives it is the text.
     */
    private static CodeableConcept fund(LayerView l) {
        CodeableConcept c = new CodeableConcept().setText(l.name());
        if (l.fundCode() != null) {
            c.addCoding(new Coding(FhirNames.FUND_CODES, l.fundCode(), CodeSystems.FUNDS.get(l.fundCode())));
        }
        String layer = Layer.valueOf(l.layer()).chineseName();
        return c.addCoding(new Coding(FhirNames.LAYERS, l.layer(), layer));
    }

    private static AdjudicationComponent adjudication(String system, String code, String display, long amount) {
        return new AdjudicationComponent(concept(system, code, display)).setAmount(money(amount));
    }

    private static TotalComponent total(String system, String code, String display, long amount) {
        return new TotalComponent(concept(system, code, display), money(amount));
    }

    private static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept().addCoding(new Coding(system, code, display));
    }

    /** Exact: the fen as a two-decimal CNY amount, no floating point on the way. */
    static Money money(long fen) {
        return new Money().setValue(BigDecimal.valueOf(fen, 2)).setCurrency(FhirNames.CURRENCY);
    }

    /** The answer's yuan string (two decimals at most) as fen; throws rather than round. */
    static long fen(String yuan) {
        return yuan == null ? 0 : new BigDecimal(yuan).movePointRight(2).longValueExact();
    }

    private static DateTimeType day(LocalDate date) {
        return new DateTimeType(date.toString());
    }

    private static String insurance(String type) {
        return "EMPLOYEE".equals(type) ? "职工基本医疗保险" : "城乡居民基本医疗保险";
    }
}

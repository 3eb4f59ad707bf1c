package org.onestop.settlement.fhir;

/**
 * The canonical URLs of our code systems and identifier systems (docs/fhir.md). They are names, not addresses that
 * answer: {@code onestop.example} is a placeholder domain until the suite has a published one.
 */
final class FhirNames {

    static final String BASE = "https://onestop.example/fhir/";
    /** setldetail {@code fund_pay_type}: one code per fund that pays a layer (310100 basic, 610100 assistance, ...). */
    static final String FUND_CODES = BASE + "CodeSystem/fund-code";
    /** The engine's layers ({@code org.onestop.policy.Layer}): which rule paid, beside the fund it paid from. */
    static final String LAYERS = BASE + "CodeSystem/layer";
    /** The problem codes of the FHIR surface, the same {@code code} the suite's RFC 9457 problems carry. */
    static final String PROBLEMS = BASE + "CodeSystem/problem-code";
    /** Adjudication categories the base value set lacks (what the hospital absorbs). */
    static final String ADJUDICATION = BASE + "CodeSystem/adjudication";
    static final String HOSPITAL_ABSORBS = "hospital-absorbs";

    static final String SETTLEMENT_ID = BASE + "sid/settlement-id";
    static final String HOSPITAL_SETTLEMENT_REF = BASE + "sid/hospital-settlement-ref";
    static final String PERSON_REF = BASE + "sid/person-ref";
    static final String MASKED_ID_NUMBER = BASE + "sid/masked-id-number";
    static final String HOSPITAL_ID = BASE + "sid/hospital-id";
    static final String REGION_CODE = BASE + "sid/region-code";

    static final String HL7_ADJUDICATION = "http://terminology.hl7.org/CodeSystem/adjudication";
    static final String HL7_CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type";
    static final String HL7_BENEFIT_TYPE = "http://terminology.hl7.org/CodeSystem/benefit-type";
    static final String HL7_BENEFIT_TERM = "http://terminology.hl7.org/CodeSystem/benefit-term";
    static final String HL7_BENEFIT_UNIT = "http://terminology.hl7.org/CodeSystem/benefit-unit";

    static final String CURRENCY = "CNY";

    /** The FHIR version every resource here is written in. */
    static final String FHIR_VERSION = "4.0.1";

    private FhirNames() {
    }
}

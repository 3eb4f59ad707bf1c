package org.onestop.settlement.settle;

/**
 * A hospital's settle or pre-settle request (NHSA 2303/2304 in spirit), as received: every field is text so a bad
 * value is reported by its field name rather than as an unreadable body. Amounts may be JSON numbers or strings,
 * with at most two decimals; they are never read as binary floating point.
 *
 * <p>Either {@code personRef} or {@code idNumber} identifies the person; a raw {@code idNumber} is validated,
 * turned into the person reference and masked, and is never stored, logged or published.
 *
 * <p>The patient fields are for the printed statement only (not inputs of the calculation, not part of the content
 * a retry is compared by): {@code patientName} is masked on arrival (张三 → 张*) and only the mask is kept;
 * {@code patientSex} (GB/T 2261.1: 1 男, 2 女) and {@code patientAge} (whole years at discharge) are taken from the
 * ID number instead when {@code idNumber} is sent; {@code admissionNumber} is the hospital's 住院号.
 */
public record DischargeRequest(
        String hospitalId,
        String messageId,
        String hospitalSettlementRef,
        String personRef,
        String idNumber,
        String regionCode,
        String insuranceType,
        String visitType,
        String hospitalLevel,
        String location,
        Boolean referred,
        String admissionDate,
        String dischargeDate,
        Costs costs,
        String diseaseCode,
        Boolean lateStage,
        Integer bedDays,
        Boolean designatedMajorDiseaseHospital,
        Upstream upstream,
        String patientName,
        String patientSex,
        Integer patientAge,
        String admissionNumber) {

    /** A request without the statement's patient fields (the bulk topic's shape, earlier callers). */
    public DischargeRequest(String hospitalId, String messageId, String hospitalSettlementRef, String personRef, String idNumber,
                            String regionCode, String insuranceType, String visitType, String hospitalLevel, String location,
                            Boolean referred, String admissionDate, String dischargeDate, Costs costs, String diseaseCode,
                            Boolean lateStage, Integer bedDays, Boolean designatedMajorDiseaseHospital, Upstream upstream) {
        this(hospitalId, messageId, hospitalSettlementRef, personRef, idNumber, regionCode, insuranceType, visitType, hospitalLevel,
                location, referred, admissionDate, dischargeDate, costs, diseaseCode, lateStage, bedDays, designatedMajorDiseaseHospital,
                upstream, null, null, null, null);
    }

    /** medfee_sumamt, inscp_scp_amt, preselfpay_amt, fulamt_ownpay_amt, in yuan. */
    public record Costs(String totalCost, String inScope, String partlySelfPaid, String outOfCatalogue) {
    }

    /** Insurance already settled upstream (hifp_pay, hifmi_pay, hifob_pay), in yuan. */
    public record Upstream(String hifpPay, String hifmiPay, String hifobPay) {
    }

    @Override
    public String toString() {
        // never the raw number, even in a debugger or an accidental log line
        return "DischargeRequest[hospitalId=" + hospitalId + ", hospitalSettlementRef=" + hospitalSettlementRef
                + ", regionCode=" + regionCode + ", dischargeDate=" + dischargeDate + "]";
    }
}

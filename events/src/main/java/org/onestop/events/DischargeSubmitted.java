package org.onestop.events;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A hospital's discharge posted for settlement on {@code discharge.submitted.v1} (bulk path; Kafka key =
 * {@link #personRef}, {@code ce_type} = {@value #CE_TYPE}, {@code ce_id} = {@link #eventId}). The same fields as
 * the synchronous settle request (NHSA 2304), except that only the person reference travels: a raw ID number is
 * never put on a topic, so the sender (gateway, hospital integration) has turned it into a {@code personRef}.
 *
 * <p>Amounts are yuan as decimal strings with at most two decimals ({@code "12345.60"}), never binary floating
 * point. Enumerations are the policy library's codes as strings ({@code RESIDENT}, {@code INPATIENT},
 * {@code TERTIARY}, {@code IN_REGION}).
 *
 * @param eventId               equal to {@code ce_id}; settlement-service dedupes on it; never null
 * @param hospitalId            医疗机构编码 (fixmedins_code); never null
 * @param messageId             the hospital's message id (msgid); with {@code hospitalId} it identifies the request
 * @param hospitalSettlementRef the hospital's own settlement reference; with {@code hospitalId} unique
 * @param personRef             64 lowercase hex; never null
 * @param regionCode            6-digit GB/T 2260 insurance region
 * @param insuranceType         {@code EMPLOYEE} | {@code RESIDENT}
 * @param visitType             {@code INPATIENT} | {@code CHRONIC_OUTPATIENT} | …
 * @param hospitalLevel         {@code PRIMARY} | {@code SECONDARY} | {@code TERTIARY}; null = SECONDARY
 * @param location              {@code IN_REGION} | {@code IN_PROVINCE} | {@code OUT_OF_PROVINCE}; null = IN_REGION
 * @param referred              properly referred (按规定转诊)
 * @param admissionDate         null = the discharge date (outpatient)
 * @param dischargeDate         decides the year, the identities and the policy version
 * @param totalCost             medfee_sumamt
 * @param inScope               inscp_scp_amt; null = totalCost
 * @param partlySelfPaid        preselfpay_amt; null = 0
 * @param outOfCatalogue        fulamt_ownpay_amt; null = 0
 * @param diseaseCode           disease key where a policy needs one; may be null
 * @param lateStage             late-stage major disease attested (Shanxi 九)
 * @param bedDays               bed days of an inpatient stay
 * @param designatedMajorDiseaseHospital designated for single-disease capped payment (Shanxi 八)
 * @param hifpPay               upstream basic fund payment, or null to let the engine compute insurance
 * @param hifmiPay              upstream resident critical-illness payment (with hifpPay)
 * @param hifobPay              upstream employee large-amount payment (with hifpPay)
 */
public record DischargeSubmitted(
        UUID eventId,
        String hospitalId,
        String messageId,
        String hospitalSettlementRef,
        String personRef,
        String regionCode,
        String insuranceType,
        String visitType,
        String hospitalLevel,
        String location,
        Boolean referred,
        LocalDate admissionDate,
        LocalDate dischargeDate,
        String totalCost,
        String inScope,
        String partlySelfPaid,
        String outOfCatalogue,
        String diseaseCode,
        Boolean lateStage,
        Integer bedDays,
        Boolean designatedMajorDiseaseHospital,
        String hifpPay,
        String hifmiPay,
        String hifobPay) {

    /** The CloudEvents type of this event, version 1. */
    public static final String CE_TYPE = "org.onestop.discharge.submitted.v1";
}

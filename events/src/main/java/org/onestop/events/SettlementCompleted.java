package org.onestop.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A change to what the funds pay on one settlement, as published by settlement-service on
 * {@code settlement.completed.v1} (Kafka key = {@link #personRef}, {@code ce_type} = {@value #CE_TYPE},
 * {@code ce_id} = {@link #eventId}). Never carries the raw ID number or a name.
 *
 * <p>Amounts are yuan as decimal strings with two decimals. Every amount is the <em>change</em> this event brings:
 * <ul>
 *   <li>{@link Kind#SETTLED}: the settlement's payments as answered to the hospital;</li>
 *   <li>{@link Kind#REVERSED}: minus everything paid on the settlement so far (original plus adjustments);</li>
 *   <li>{@link Kind#ADJUSTED}: the difference a re-settlement of the person's year found for this settlement
 *       (补付 when positive, 追回 when negative), with the {@link #reason} and the {@link #causeId} that caused it.</li>
 * </ul>
 * Summing a settlement's events gives what it pays now; summing a person's events of a year gives the year's
 * payments per fund. Consumers dedupe by {@code eventId} (the outbox relay may redeliver after a crash).
 *
 * @param eventId       equal to {@code ce_id}; never null
 * @param kind          SETTLED | REVERSED | ADJUSTED; never null
 * @param settlementId  the settlement this changes; never null
 * @param personRef     64 lowercase hex (= key); never null
 * @param regionCode    the discharge's region code
 * @param policyVersion policy file version applied (e.g. {@code jiujiang-2022})
 * @param hospitalId    医疗机构编码
 * @param hospitalSettlementRef the hospital's reference
 * @param admissionDate admission date
 * @param dischargeDate discharge date (decides the year)
 * @param visitType     policy library code
 * @param insuranceType policy library code
 * @param category      assistance category applied (e.g. {@code class2}), or null
 * @param totalCost     medfee_sumamt (SETTLED; the same figure on later events of the settlement)
 * @param inScope       inscp_scp_amt
 * @param payments      per layer: the change in what it pays (empty lines are left out)
 * @param patientPays   the change in what the patient bears (SETTLED: psn_part_amt; ADJUSTED: minus the adjustment total)
 * @param burdenAfterInsurance the change in what remains after basic and critical-illness insurance (monitoring's measure)
 * @param reason        ADJUSTED: IDENTITY_CHANGED | GRANT_APPROVED | DISCHARGE_OUT_OF_ORDER | SETTLEMENT_CANCELLED;
 *                      REVERSED: CANCELLED; SETTLED: null
 * @param causeId       the identity event, application, settlement or cancellation that caused an adjustment
 * @param recordedAt    when settlement-service committed the change
 */
public record SettlementCompleted(
        UUID eventId,
        Kind kind,
        UUID settlementId,
        String personRef,
        String regionCode,
        String policyVersion,
        String hospitalId,
        String hospitalSettlementRef,
        LocalDate admissionDate,
        LocalDate dischargeDate,
        String visitType,
        String insuranceType,
        String category,
        String totalCost,
        String inScope,
        List<FundPayment> payments,
        String patientPays,
        String burdenAfterInsurance,
        String reason,
        UUID causeId,
        Instant recordedAt) {

    /** The CloudEvents type of this event, version 1. */
    public static final String CE_TYPE = "org.onestop.settlement.completed.v1";
    /** The CloudEvents source settlement-service writes. */
    public static final String CE_SOURCE = "/onestop/settlement-service";

    public enum Kind { SETTLED, REVERSED, ADJUSTED }

    /**
     * One payer line.
     *
     * @param layer    the policy library's layer code ({@code BASIC}, {@code CRITICAL_ILLNESS}, {@code ASSISTANCE}, …)
     * @param fundCode NHSA fund type code (e.g. {@code 610100}); null where none exists
     * @param amount   yuan, two decimals, may be negative on REVERSED and ADJUSTED
     */
    public record FundPayment(String layer, String fundCode, String amount) {
    }

    public SettlementCompleted {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(settlementId, "settlementId");
        if (!PersonRef.isValid(personRef)) {
            throw new IllegalArgumentException("personRef must be 64 lowercase hex characters");
        }
        payments = payments == null ? List.of() : List.copyOf(payments);
    }
}

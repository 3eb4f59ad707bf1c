package org.onestop.policy;

import java.util.List;
import java.util.Optional;

/**
 * The settlement of one discharge: each layer's payment with its explanation, what the patient pays,
 * what a hospital absorbs, one-time grants paid to the person, and the ledger after it.
 *
 * <p>It always balances: {@code totalCost = Σ fund layers + patientPays + hospitalAbsorbs}. Care grants
 * are paid to the person outside the bill and are not part of that sum.
 *
 * @param category      the assistance category applied (highest benefit among the identities), or null
 * @param identityTypes what made that category apply: identity types, or {@code grant:<kind>:<id>} for an
 *                      office-registered grant (a grant a pushed identity stands for names that identity type)
 * @param identitiesHeld every identity type the person holds on the discharge date under the region's timing,
 *                       whether or not it won (就高不重复 picks one category among them)
 */
public record Settlement(
        String regionCode,
        String policyVersion,
        Discharge discharge,
        String category,
        String categoryName,
        List<String> identityTypes,
        List<String> identitiesHeld,
        List<LayerPayment> layers,
        Money patientPays,
        Money hospitalAbsorbs,
        List<LayerPayment> grantsToPerson,
        Ledger ledgerBefore,
        Ledger ledgerAfter) {

    public Settlement {
        identityTypes = List.copyOf(identityTypes);
        identitiesHeld = List.copyOf(identitiesHeld);
        layers = List.copyOf(layers);
        grantsToPerson = List.copyOf(grantsToPerson);
    }

    public Money paidBy(Layer layer) {
        Money sum = Money.ZERO;
        for (LayerPayment p : layers) {
            if (p.layer() == layer) {
                sum = sum.plus(p.amount());
            }
        }
        for (LayerPayment p : grantsToPerson) {
            if (p.layer() == layer) {
                sum = sum.plus(p.amount());
            }
        }
        return sum;
    }

    public Optional<LayerPayment> layer(Layer layer) {
        return layers.stream().filter(p -> p.layer() == layer).findFirst();
    }

    /** Everything the funds pay on the bill (basic, critical illness, assistance, secondary, backstop). */
    public Money fundsTotal() {
        Money sum = Money.ZERO;
        for (LayerPayment p : layers) {
            if (p.layer() != Layer.HOSPITAL_BORNE) {
                sum = sum.plus(p.amount());
            }
        }
        return sum;
    }

    /** {@code totalCost − funds − patient − hospital}: zero for every settlement the engine produces. */
    public Money imbalance() {
        return discharge.totalCost().minus(fundsTotal()).minus(patientPays).minus(hospitalAbsorbs);
    }

    /** The totals in the shape of the national settlement record ({@code setlinfo}). */
    public NationalRecord nationalRecord() {
        Money basic = paidBy(Layer.BASIC);
        Money ci = paidBy(Layer.CRITICAL_ILLNESS);
        boolean employee = discharge.insuranceType() == InsuranceType.EMPLOYEE;
        Money maf = paidBy(Layer.ASSISTANCE).plus(paidBy(Layer.SECONDARY_ASSISTANCE));
        return new NationalRecord(
                discharge.totalCost(),
                discharge.inScope(),
                discharge.partlySelfPaid(),
                discharge.outOfCatalogue(),
                basic,
                employee ? Money.ZERO : ci,
                employee ? ci : Money.ZERO,
                maf,
                paidBy(Layer.BACKSTOP),
                fundsTotal(),
                patientPays,
                hospitalAbsorbs);
    }

    /**
     * The {@code setlinfo} totals.
     *
     * @param medfeeSumamt    medfee_sumamt 医疗费总额
     * @param inscpScpAmt     inscp_scp_amt 符合政策范围金额
     * @param preselfpayAmt   preselfpay_amt 先行自付金额
     * @param fulamtOwnpayAmt fulamt_ownpay_amt 全自费金额
     * @param hifpPay         hifp_pay 基本医疗保险统筹基金支出
     * @param hifmiPay        hifmi_pay 居民大病保险资金支出
     * @param hifobPay        hifob_pay 职工大额医疗费用补助基金支出
     * @param mafPay          maf_pay 医疗救助基金支出 (incl. tilted/re-assistance)
     * @param othPay          oth_pay 其他支出 (fiscal/charity backstop)
     * @param fundPaySumamt   fund_pay_sumamt 基金支付总额
     * @param psnPartAmt      psn_part_amt 个人负担总金额
     * @param hospPartAmt     hosp_part_amt 医院负担金额
     */
    public record NationalRecord(
            Money medfeeSumamt,
            Money inscpScpAmt,
            Money preselfpayAmt,
            Money fulamtOwnpayAmt,
            Money hifpPay,
            Money hifmiPay,
            Money hifobPay,
            Money mafPay,
            Money othPay,
            Money fundPaySumamt,
            Money psnPartAmt,
            Money hospPartAmt) {}
}

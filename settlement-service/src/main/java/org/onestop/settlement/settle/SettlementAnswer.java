package org.onestop.settlement.settle;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.onestop.policy.BandUse;
import org.onestop.policy.Discharge;
import org.onestop.policy.LayerPayment;
import org.onestop.policy.Money;
import org.onestop.policy.Settlement;

/**
 * The answer to a settle, pre-settle or read: the national record's totals ({@code setlinfo}), the per-fund detail
 * list ({@code setldetail}), and every layer with the explanation the engine produced. Amounts are yuan strings
 * with two decimals. The first answer of a settlement is stored as it was sent; a read adds what happened since
 * (status, adjustments).
 *
 * @param status          PREVIEW | SETTLED | REVERSED
 * @param replayed        true when this answers a retry of an already settled request (the first answer, unchanged)
 * @param identityTypes   every identity type the person holds on the discharge date (under the region's timing),
 *                        whether or not it won
 * @param categoryBecause what made {@code category} apply (就高不重复: the winner among {@code identityTypes}), or an
 *                        office-registered grant as {@code grant:<kind>:<id>}; empty when no category applies.
 *                        Answers stored before this field existed read it as null and hold the winners in identityTypes
 * @param settledAt       when the settlement was made; null on a PREVIEW (nothing was settled)
 * @param adjustments     adjustments (补付/追回) issued on this settlement after it was answered
 * @param patient         what the statement shows of the patient (masked name, sex, age, 住院号); null in answers
 *                        stored before it existed
 */
public record SettlementAnswer(
        UUID settlementId,
        String status,
        boolean replayed,
        String personRef,
        String maskedIdNumber,
        String hospitalId,
        String messageId,
        String hospitalSettlementRef,
        String regionCode,
        String policyRegion,
        String policyVersion,
        String category,
        String categoryName,
        List<String> identityTypes,
        List<String> categoryBecause,
        DischargeSummary discharge,
        Map<String, String> setlinfo,
        List<FundLine> setldetail,
        List<LayerView> layers,
        List<LayerView> grantsToPerson,
        String patientPays,
        String hospitalAbsorbs,
        Instant settledAt,
        Instant reversedAt,
        List<AdjustmentLine> adjustments,
        Patient patient) {

    /** An answer without patient details (earlier callers). */
    public SettlementAnswer(UUID settlementId, String status, boolean replayed, String personRef, String maskedIdNumber,
                            String hospitalId, String messageId, String hospitalSettlementRef, String regionCode, String policyRegion,
                            String policyVersion, String category, String categoryName, List<String> identityTypes,
                            List<String> categoryBecause, DischargeSummary discharge, Map<String, String> setlinfo,
                            List<FundLine> setldetail, List<LayerView> layers, List<LayerView> grantsToPerson, String patientPays,
                            String hospitalAbsorbs, Instant settledAt, Instant reversedAt, List<AdjustmentLine> adjustments) {
        this(settlementId, status, replayed, personRef, maskedIdNumber, hospitalId, messageId, hospitalSettlementRef, regionCode,
                policyRegion, policyVersion, category, categoryName, identityTypes, categoryBecause, discharge, setlinfo, setldetail,
                layers, grantsToPerson, patientPays, hospitalAbsorbs, settledAt, reversedAt, adjustments, null);
    }

    public record DischargeSummary(LocalDate admissionDate, LocalDate dischargeDate, String insuranceType, String visitType,
                                   String hospitalLevel, String location, boolean referred, String diseaseCode, int bedDays,
                                   boolean upstreamInsurance) {
    }

    /** One {@code setldetail} line: fund_pay_type, fund_paytype_name, fund_payamt. */
    public record FundLine(String fundPayType, String fundPaytypeName, String fundPayamt, String layer) {
    }

    public record Band(String from, String to, String portion, String ratio, String percent, String amount, String clause) {
    }

    /**
     * @param window for a windowed layer (Jiujiang 三(三)2(5) tilted assistance, Yantai 三(七) and Liaoning (八) grants),
     *               the discharge dates its amount and cumulative base came from; null for annual layers
     */
    public record LayerView(String layer, String name, String fundCode, String amount, String base, String cumulativeBefore,
                            List<Band> bands, String cap, String capRemaining, String excludedBy, String clause, List<String> notes,
                            Window window) {
    }

    /** A windowed layer's window: first and last discharge date inside it (both inclusive) and the clause that sets it. */
    public record Window(LocalDate from, LocalDate to, String clause) {
    }

    /** One adjustment line: which layer, by how much, why, and when. */
    public record AdjustmentLine(String layer, String fundCode, String amount, String kind, String reason, UUID causeId, Instant at) {
    }

    static final String PREVIEW = "PREVIEW";

    /** {@code at} becomes {@code settledAt}, except on a {@link #PREVIEW}: a pre-settlement settled nothing. */
    static SettlementAnswer of(UUID id, String status, DischargeForm form, Settlement s, Instant at) {
        Settlement.NationalRecord n = s.nationalRecord();
        Map<String, String> setlinfo = new LinkedHashMap<>();
        setlinfo.put("medfee_sumamt", yuan(n.medfeeSumamt()));
        setlinfo.put("inscp_scp_amt", yuan(n.inscpScpAmt()));
        setlinfo.put("preselfpay_amt", yuan(n.preselfpayAmt()));
        setlinfo.put("fulamt_ownpay_amt", yuan(n.fulamtOwnpayAmt()));
        setlinfo.put("hifp_pay", yuan(n.hifpPay()));
        setlinfo.put("hifmi_pay", yuan(n.hifmiPay()));
        setlinfo.put("hifob_pay", yuan(n.hifobPay()));
        setlinfo.put("maf_pay", yuan(n.mafPay()));
        setlinfo.put("oth_pay", yuan(n.othPay()));
        setlinfo.put("fund_pay_sumamt", yuan(n.fundPaySumamt()));
        setlinfo.put("psn_part_amt", yuan(n.psnPartAmt()));
        setlinfo.put("hosp_part_amt", yuan(n.hospPartAmt()));
        List<FundLine> detail = new ArrayList<>();
        for (LayerPayment p : s.layers()) {
            if (p.amount().isPositive()) {
                detail.add(new FundLine(p.fundCode(), p.name(), yuan(p.amount()), p.layer().name()));
            }
        }
        Discharge d = s.discharge();
        DischargeSummary summary = new DischargeSummary(d.admissionDate(), d.dischargeDate(), d.insuranceType().name(),
                d.visitType().name(), d.hospitalLevel().name(), d.location().name(), d.referred(), d.diseaseCode(), d.bedDays(),
                d.upstream() != null);
        return new SettlementAnswer(id, status, false, form.personRef(), form.maskedIdNumber(), form.hospitalId(), form.messageId(),
                form.hospitalSettlementRef(), d.regionCode(), form.policyRegion(), s.policyVersion(), s.category(), s.categoryName(),
                s.identitiesHeld(), s.identityTypes(), summary, setlinfo, detail, views(s.layers()), views(s.grantsToPerson()),
                yuan(s.patientPays()), yuan(s.hospitalAbsorbs()), PREVIEW.equals(status) ? null : at, null, List.of(), form.patient());
    }

    private static List<LayerView> views(List<LayerPayment> payments) {
        List<LayerView> views = new ArrayList<>();
        for (LayerPayment p : payments) {
            List<Band> bands = new ArrayList<>();
            for (BandUse b : p.bands()) {
                bands.add(new Band(yuan(b.from()), yuan(b.to()), yuan(b.portion()), b.ratio().toPlainString(), b.percent(),
                        yuan(b.amount()), b.clause()));
            }
            views.add(new LayerView(p.layer().name(), p.name(), p.fundCode(), yuan(p.amount()), yuan(p.base()),
                    yuan(p.cumulativeBefore()), bands, yuan(p.cap()), yuan(p.capRemaining()), p.excludedBy(), p.clause(), p.notes(),
                    p.window() == null ? null : new Window(p.window().from(), p.window().to(), p.window().clause())));
        }
        return views;
    }

    static String yuan(Money m) {
        return m == null ? null : m.toString();
    }

    SettlementAnswer asReplayed() {
        return new SettlementAnswer(settlementId, status, true, personRef, maskedIdNumber, hospitalId, messageId, hospitalSettlementRef,
                regionCode, policyRegion, policyVersion, category, categoryName, identityTypes, categoryBecause, discharge, setlinfo, setldetail, layers,
                grantsToPerson, patientPays, hospitalAbsorbs, settledAt, reversedAt, adjustments, patient);
    }

    SettlementAnswer withHistory(String newStatus, Instant reversed, List<AdjustmentLine> lines) {
        return new SettlementAnswer(settlementId, newStatus, replayed, personRef, maskedIdNumber, hospitalId, messageId,
                hospitalSettlementRef, regionCode, policyRegion, policyVersion, category, categoryName, identityTypes, categoryBecause,
                discharge, setlinfo, setldetail, layers, grantsToPerson, patientPays, hospitalAbsorbs, settledAt, reversed, List.copyOf(lines),
                patient);
    }
}

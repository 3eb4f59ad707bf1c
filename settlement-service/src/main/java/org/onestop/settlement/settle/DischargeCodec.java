package org.onestop.settlement.settle;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.onestop.policy.CareLocation;
import org.onestop.policy.Discharge;
import org.onestop.policy.HospitalLevel;
import org.onestop.policy.InsuranceType;
import org.onestop.policy.Money;
import org.onestop.policy.UpstreamInsurance;
import org.onestop.policy.VisitType;
import tools.jackson.databind.json.JsonMapper;

/** The engine's input as stored with each settlement (amounts as yuan strings), so a replay settles exactly what was settled. */
final class DischargeCodec {

    private DischargeCodec() {
    }

    static String write(JsonMapper json, Discharge d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("regionCode", d.regionCode());
        m.put("admissionDate", d.admissionDate().toString());
        m.put("dischargeDate", d.dischargeDate().toString());
        m.put("insuranceType", d.insuranceType().name());
        m.put("visitType", d.visitType().name());
        m.put("hospitalLevel", d.hospitalLevel().name());
        m.put("location", d.location().name());
        m.put("referred", d.referred());
        m.put("totalCost", d.totalCost().toString());
        m.put("inScope", d.inScope().toString());
        m.put("partlySelfPaid", d.partlySelfPaid().toString());
        m.put("outOfCatalogue", d.outOfCatalogue().toString());
        m.put("diseaseCode", d.diseaseCode());
        m.put("lateStage", d.lateStage());
        m.put("bedDays", d.bedDays());
        m.put("designated", d.designatedMajorDiseaseHospital());
        if (d.upstream() != null) {
            m.put("hifpPay", d.upstream().basicFund().toString());
            // null = computed by the engine (basic supplied alone); rows written before that was possible hold both
            m.put("hifmiPay", yuanOrNull(d.upstream().criticalIllness()));
            m.put("hifobPay", yuanOrNull(d.upstream().employeeLargeAmount()));
        }
        return json.writeValueAsString(m);
    }

    /** The stored form, bound directly (no tree): books are read on every replay, so this is on the hot path. */
    private record Stored(String regionCode, String admissionDate, String dischargeDate, String insuranceType, String visitType,
                          String hospitalLevel, String location, boolean referred, String totalCost, String inScope,
                          String partlySelfPaid, String outOfCatalogue, String diseaseCode, boolean lateStage, int bedDays,
                          boolean designated, String hifpPay, String hifmiPay, String hifobPay) {
    }

    static Discharge read(JsonMapper json, String text) {
        Stored n = json.readValue(text, Stored.class);
        UpstreamInsurance upstream = n.hifpPay() != null
                ? new UpstreamInsurance(money(n.hifpPay()), moneyOrNull(n.hifmiPay()), moneyOrNull(n.hifobPay())) : null;
        return new Discharge(n.regionCode(), LocalDate.parse(n.admissionDate()), LocalDate.parse(n.dischargeDate()),
                InsuranceType.valueOf(n.insuranceType()), VisitType.valueOf(n.visitType()), HospitalLevel.valueOf(n.hospitalLevel()),
                CareLocation.valueOf(n.location()), n.referred(), money(n.totalCost()), money(n.inScope()),
                money(n.partlySelfPaid()), money(n.outOfCatalogue()), n.diseaseCode(), n.lateStage(), n.bedDays(), n.designated(),
                upstream);
    }

    private static String yuanOrNull(Money m) {
        return m == null ? null : m.toString();
    }

    private static Money moneyOrNull(String yuan) {
        return yuan == null ? null : Money.of(yuan);
    }

    private static Money money(String yuan) {
        return yuan == null ? Money.ZERO : Money.of(yuan);
    }
}

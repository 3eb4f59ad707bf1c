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
import tools.jackson.databind.JsonNode;
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
            m.put("hifmiPay", d.upstream().criticalIllness().toString());
            m.put("hifobPay", d.upstream().employeeLargeAmount().toString());
        }
        return json.writeValueAsString(m);
    }

    static Discharge read(JsonMapper json, String text) {
        JsonNode n = json.readTree(text);
        UpstreamInsurance upstream = n.hasNonNull("hifpPay")
                ? new UpstreamInsurance(money(n, "hifpPay"), money(n, "hifmiPay"), money(n, "hifobPay")) : null;
        return new Discharge(n.get("regionCode").asString(), LocalDate.parse(n.get("admissionDate").asString()),
                LocalDate.parse(n.get("dischargeDate").asString()), InsuranceType.valueOf(n.get("insuranceType").asString()),
                VisitType.valueOf(n.get("visitType").asString()), HospitalLevel.valueOf(n.get("hospitalLevel").asString()),
                CareLocation.valueOf(n.get("location").asString()), n.get("referred").asBoolean(), money(n, "totalCost"),
                money(n, "inScope"), money(n, "partlySelfPaid"), money(n, "outOfCatalogue"),
                n.hasNonNull("diseaseCode") ? n.get("diseaseCode").asString() : null, n.get("lateStage").asBoolean(),
                n.get("bedDays").asInt(), n.get("designated").asBoolean(), upstream);
    }

    private static Money money(JsonNode n, String field) {
        return n.hasNonNull(field) ? Money.of(n.get(field).asString()) : Money.ZERO;
    }
}

package org.onestop.settlement.national;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.onestop.policy.CareLocation;
import org.onestop.policy.HospitalLevel;
import org.onestop.policy.InsuranceType;
import org.onestop.policy.VisitType;
import org.onestop.settlement.settle.DischargeRequest;
import tools.jackson.databind.JsonNode;

/**
 * Reads the national envelope's fields and codes into our request: the one place where national names meet ours
 * (docs/settlement-api.md, "The national surface"). Pure; every refusal is a {@link NationalError} naming the field.
 */
final class NationalInput {

    /** Our request field → the national field a message about it must name. */
    static final Map<String, String> NATIONAL_NAMES = Map.ofEntries(
            Map.entry("hospitalId", "fixmedins_code"),
            Map.entry("messageId", "msgid"),
            Map.entry("hospitalSettlementRef", "input.data.mdtrt_id"),
            Map.entry("personRef", "input.data.psn_no"),
            Map.entry("idNumber", "input.data.certno"),
            Map.entry("regionCode", "insuplc_admdvs"),
            Map.entry("insuranceType", "input.data.insutype"),
            Map.entry("visitType", "input.data.med_type"),
            Map.entry("hospitalLevel", "input.data.hosp_lv"),
            Map.entry("admissionDate", "input.data.begntime"),
            Map.entry("dischargeDate", "input.data.endtime"),
            Map.entry("costs", "input.data.medfee_sumamt"),
            Map.entry("costs.totalCost", "input.data.medfee_sumamt"),
            Map.entry("totalCost", "input.data.medfee_sumamt"),
            Map.entry("costs.inScope", "input.data.inscp_scp_amt"),
            Map.entry("inScope", "input.data.inscp_scp_amt"),
            Map.entry("costs.partlySelfPaid", "input.data.preselfpay_amt"),
            Map.entry("costs.outOfCatalogue", "input.data.fulamt_ownpay_amt"),
            Map.entry("bedDays", "input.data.ipt_days"),
            Map.entry("diseaseCode", "input.data.dise_codg"));

    /** National 险种类型 insutype → ours; answered back the same way. */
    static final Map<String, InsuranceType> INSUTYPE = Map.of("310", InsuranceType.EMPLOYEE, "390", InsuranceType.RESIDENT);

    /** National 医疗类别 med_type → ours (the codes this suite settles; others are refused naming med_type). */
    static final Map<String, VisitType> MED_TYPE = Map.of("11", VisitType.ORDINARY_OUTPATIENT, "14", VisitType.CHRONIC_OUTPATIENT,
            "21", VisitType.INPATIENT);

    private NationalInput() {
    }

    static String insutype(String ours) {
        for (Map.Entry<String, InsuranceType> e : INSUTYPE.entrySet()) {
            if (e.getValue().name().equals(ours)) {
                return e.getKey();
            }
        }
        return null;
    }

    static String medType(String ours) {
        for (Map.Entry<String, VisitType> e : MED_TYPE.entrySet()) {
            if (e.getValue().name().equals(ours)) {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * The national 医院等级 hosp_lv: 01–04 三级, 05–07 二级, 08–10 一级; 11 无等级 and absent take the JSON API's
     * default (SECONDARY).
     */
    static HospitalLevel hospitalLevel(String code) {
        if (code == null || code.equals("11")) {
            return null;
        }
        return switch (code) {
            case "01", "02", "03", "04" -> HospitalLevel.TERTIARY;
            case "05", "06", "07" -> HospitalLevel.SECONDARY;
            case "08", "09", "10" -> HospitalLevel.PRIMARY;
            default -> throw new NationalError("input.data.hosp_lv", "医院等级 input.data.hosp_lv 取值无效（01–11）");
        };
    }

    /** Where the care was given, seen from the insured place: same city (first 4 digits), same province (2), else outside. */
    static CareLocation location(String insuredPlace, String carePlace) {
        if (carePlace.startsWith(insuredPlace.substring(0, 4))) {
            return CareLocation.IN_REGION;
        }
        return carePlace.startsWith(insuredPlace.substring(0, 2)) ? CareLocation.IN_PROVINCE : CareLocation.OUT_OF_PROVINCE;
    }

    /**
     * 2303/2304's {@code input.data} as our settle request. {@code personRef} / {@code idNumber} are decided by the caller
     * ({@link NationalTransactions}); {@code hospitalSettlementRef} is the settlement's reference under its 就诊ID.
     */
    static DischargeRequest settleRequest(JsonNode envelope, JsonNode data, String hospitalSettlementRef, String personRef,
                                          String idNumber) {
        String insured = area(envelope, "insuplc_admdvs");
        String care = area(envelope, "mdtrtarea_admvs");
        String insutype = code(data, "insutype");
        if (insutype != null && !INSUTYPE.containsKey(insutype)) {
            throw new NationalError("input.data.insutype", "险种类型 input.data.insutype 取值无效（310 职工基本医疗保险、390 城乡居民基本医疗保险）");
        }
        String medType = code(data, "med_type");
        if (medType != null && !MED_TYPE.containsKey(medType)) {
            throw new NationalError("input.data.med_type", "医疗类别 input.data.med_type 取值无效（11 普通门诊、14 门诊慢特病、21 普通住院）");
        }
        HospitalLevel level = hospitalLevel(code(data, "hosp_lv"));
        String begin = date(data, "begntime");
        String end = date(data, "endtime");
        String outOfCatalogue = amountText(data, "fulamt_ownpay_amt");
        String overLimit = amountText(data, "overlmt_selfpay");
        if (overLimit != null) {
            // 超限价自付 is paid wholly by the patient like 全自费: counted with it (docs, "our decision")
            outOfCatalogue = new BigDecimal(outOfCatalogue == null ? "0" : outOfCatalogue)
                    .add(new BigDecimal(overLimit)).toPlainString();
        }
        Integer days = integer(data, "ipt_days");
        if (days == null && MED_TYPE.get(medType) == VisitType.INPATIENT && begin != null && end != null) {
            // 住院天数 = 出院日期 − 入院日期, at least one day for a stay
            days = (int) Math.max(1, ChronoUnit.DAYS.between(LocalDate.parse(begin), LocalDate.parse(end)));
        }
        return new DischargeRequest(text(envelope, "fixmedins_code"), text(envelope, "msgid"), hospitalSettlementRef, personRef,
                idNumber, insured, insutype == null ? null : INSUTYPE.get(insutype).name(),
                medType == null ? null : MED_TYPE.get(medType).name(), level == null ? null : level.name(),
                location(insured, care).name(), "1".equals(code(data, "refl_flag")), begin, end,
                new DischargeRequest.Costs(amountText(data, "medfee_sumamt"), amountText(data, "inscp_scp_amt"),
                        amountText(data, "preselfpay_amt"), outOfCatalogue),
                text(data, "dise_codg"), false, days, false, null);
    }

    /** A 6-digit 行政区划 of the envelope, required. */
    static String area(JsonNode envelope, String field) {
        String v = text(envelope, field);
        if (v == null || !v.matches("\\d{6}")) {
            throw new NationalError(field, "行政区划 " + field + " 须为6位数字");
        }
        return v;
    }

    /** Text or number as its text; null when absent or blank; a structure or boolean is refused naming the field. */
    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue().toPlainString();
        }
        if (!v.isString()) {
            throw new NationalError(field, "字段 " + field + " 类型错误（须为字符串或数值）");
        }
        String s = v.asString().strip();
        return s.isEmpty() ? null : s;
    }

    static String code(JsonNode node, String field) {
        return text(node, field);
    }

    /** An amount as its exact decimal text (never through a double); checked by the settle validation. */
    static String amountText(JsonNode node, String field) {
        return text(node, field);
    }

    static Integer integer(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new NationalError("input.data." + field, "字段 input.data." + field + " 须为整数");
        }
    }

    /** {@code yyyy-MM-dd} or the platform's {@code yyyy-MM-dd HH:mm:ss}: the date part. */
    static String date(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null) {
            return null;
        }
        String day = v.length() >= 10 ? v.substring(0, 10) : v;
        try {
            LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            throw new NationalError("input.data." + field, "日期 input.data." + field + " 须为 yyyy-MM-dd 或 yyyy-MM-dd HH:mm:ss");
        }
        return day;
    }
}

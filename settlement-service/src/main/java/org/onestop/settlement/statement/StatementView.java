package org.onestop.settlement.statement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.onestop.events.IdentityType;
import org.onestop.policy.Layer;
import org.onestop.policy.Money;
import org.onestop.settlement.settle.Patient;
import org.onestop.settlement.settle.SettlementAnswer;
import org.onestop.settlement.settle.SettlementAnswer.AdjustmentLine;
import org.onestop.settlement.settle.SettlementAnswer.Band;
import org.onestop.settlement.settle.SettlementAnswer.LayerView;

/**
 * Everything the statement template prints, already in the words and forms a cashier hands over: Chinese labels and
 * names (no enum constant, no policy file name), times in the configured zone (Asia/Shanghai) to the minute, amounts in
 * yuan with two decimals and the patient's share in capitals. The template only lays it out, so a province's own
 * template needs no Java.
 *
 * @param cancelled true when the settlement was reversed (结算撤销): the template stamps 作废 and strikes the amounts
 */
public record StatementView(
        String settlementId,
        String status,
        boolean cancelled,
        String cancelledAt,
        String hospitalName,
        String hospitalCode,
        String hospitalSettlementRef,
        String regionName,
        String regionCode,
        String patientName,
        String sex,
        String age,
        String maskedIdNumber,
        String admissionNumber,
        String admissionDate,
        String dischargeDate,
        String bedDays,
        String insurance,
        String visit,
        String category,
        String policyTitle,
        List<Line> totals,
        String patientPays,
        String patientPaysCapitals,
        List<LayerRow> layers,
        List<LayerRow> grantsToPerson,
        List<AdjustmentRow> adjustments,
        String settledAt) {

    /** One line of the totals: label and amount in yuan. */
    public record Line(String label, String amount) {
    }

    /** One layer: its Chinese name, base, how it was computed (bands, exclusion, notes), amount, cap, clause. */
    public record LayerRow(String name, String base, String computation, List<String> notes, String amount, String cap,
                           String capRemaining, String clause) {
    }

    /** One adjustment after the settlement: layer name, 补付/追回/撤销冲正, amount, reason, time. */
    public record AdjustmentRow(String layer, String kind, String amount, String reason, String at) {
    }

    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy年MM月dd日 HH:mm");
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年MM月dd日");

    /** A policy file name at the start of a citation (jiujiang-2022 三(三)2): the title at the head names the document. */
    private static final Pattern POLICY_VERSION = Pattern.compile("\\b[a-z]+-\\d{4}\\s*");
    /** "assumed", "assumed (…)", "(assumed: …)": a figure the text does not give, chosen by the suite. */
    private static final Pattern ASSUMED = Pattern.compile("[（(]?assumed(?::[^)）]*|\\s*[（(][^)）]*[)）])?[)）]?");
    /** A field code in parentheses after its Chinese name (基本医保已由医保核心系统结算（hifp_pay）). */
    private static final Pattern FIELD_CODE = Pattern.compile("[（(][a-z_/]+[)）]");
    /** An office-registered grant named in the engine's reasons (grant:&lt;kind&gt;:&lt;id&gt;). */
    private static final Pattern GRANT = Pattern.compile("grant:[A-Za-z_]+:[0-9a-fA-F-]+");
    /** A constant's name (DIBAO, SECONDARY, CRITICAL_ILLNESS) inside engine text. */
    private static final Pattern CONSTANT = Pattern.compile("\\b[A-Z][A-Z_]+\\b");
    /** The constants engine text may carry, in Chinese: identity types, layers, hospital grades. */
    private static final Map<String, String> CONSTANTS = constants();

    private static Map<String, String> constants() {
        Map<String, String> m = new HashMap<>();
        for (IdentityType t : IdentityType.values()) {
            m.put(t.name(), t.chineseName());
        }
        for (Layer l : Layer.values()) {
            m.put(l.name(), l.chineseName());
        }
        m.putAll(Map.of("PRIMARY", "一级", "SECONDARY", "二级", "TERTIARY", "三级"));
        return Map.copyOf(m);
    }

    /**
     * @param policyTitle the policy document's title (RegionPolicy.title()); the version when unknown
     * @param zone        the zone times are printed in
     */
    static StatementView of(SettlementAnswer a, StatementNames names, String policyTitle, ZoneId zone) {
        SettlementAnswer.DischargeSummary d = a.discharge();
        Patient p = a.patient() == null ? new Patient(null, null, null, null) : a.patient();
        boolean cancelled = "REVERSED".equals(a.status());
        Map<String, String> s = a.setlinfo();
        List<Line> totals = new ArrayList<>();
        totals.add(new Line("医疗费总额", s.get("medfee_sumamt")));
        totals.add(new Line("政策范围内费用", s.get("inscp_scp_amt")));
        totals.add(new Line("乙类先行自付", s.get("preselfpay_amt")));
        totals.add(new Line("全自费（目录外）", s.get("fulamt_ownpay_amt")));
        totals.add(new Line("基本医疗保险统筹基金支付", s.get("hifp_pay")));
        totals.add(new Line("大病保险支付", s.get("hifmi_pay")));
        totals.add(new Line("职工大额医疗费用补助", s.get("hifob_pay")));
        totals.add(new Line("医疗救助支付", s.get("maf_pay")));
        totals.add(new Line("其他支付（财政兜底）", s.get("oth_pay")));
        totals.add(new Line("基金支付合计", s.get("fund_pay_sumamt")));
        totals.add(new Line("医院负担", s.get("hosp_part_amt")));

        List<LayerRow> layers = a.layers().stream().map(StatementView::layer).toList();
        List<LayerRow> grants = a.grantsToPerson().stream().map(StatementView::layer).toList();
        List<AdjustmentRow> adjustments = new ArrayList<>();
        for (AdjustmentLine l : a.adjustments() == null ? List.<AdjustmentLine>of() : a.adjustments()) {
            adjustments.add(new AdjustmentRow(layerName(a, l.layer()), kind(l.kind(), l.amount()), l.amount(), reason(l.reason()),
                    minute(l.at(), zone)));
        }
        String hospitalName = names.hospital(a.hospitalId());
        String regionName = names.region(a.regionCode());
        return new StatementView(String.valueOf(a.settlementId()), status(a.status()), cancelled, minute(a.reversedAt(), zone),
                hospitalName == null ? a.hospitalId() : hospitalName, a.hospitalId(), a.hospitalSettlementRef(),
                regionName == null ? a.regionCode() : regionName, a.regionCode(),
                p.maskedName() == null ? "（未提供）" : p.maskedName(),
                p.sex() == null ? "—" : Patient.MALE.equals(p.sex()) ? "男" : "女",
                p.age() == null ? "—" : p.age() + "岁",
                a.maskedIdNumber() == null ? "（未提供）" : a.maskedIdNumber(),
                p.admissionNumber() == null ? "—" : p.admissionNumber(),
                day(d.admissionDate()), day(d.dischargeDate()),
                d.bedDays() > 0 ? d.bedDays() + "天" : "—",
                "EMPLOYEE".equals(d.insuranceType()) ? "职工基本医疗保险" : "城乡居民基本医疗保险",
                visit(d.visitType()),
                a.categoryName() == null ? "无（未认定困难群众身份）" : chinese(a.categoryName()),
                policyTitle == null ? a.policyVersion() : policyTitle,
                totals, a.patientPays(), ChineseAmount.capitals(Money.of(a.patientPays())), layers, grants, adjustments,
                minute(a.settledAt(), zone));
    }

    private static LayerRow layer(LayerView l) {
        StringBuilder c = new StringBuilder();
        if (l.excludedBy() != null) {
            c.append("不予支付：").append(chinese(l.excludedBy()));
        } else if (!l.bands().isEmpty()) {
            c.append("起付标准 ").append(l.bands().get(0).from()).append(" 元");
            for (Band b : l.bands()) {
                c.append("；").append(b.from()).append(b.to() == null ? " 元以上段 " : "–" + b.to() + " 元段 ")
                        .append(b.portion()).append(" 元 × ").append(b.percent()).append(" = ").append(b.amount());
            }
        }
        List<String> notes = l.notes() == null ? List.of() : l.notes().stream().map(StatementView::chinese).toList();
        return new LayerRow(chinese(l.name()), l.base(), c.toString(), notes, l.amount(), l.cap() == null ? "不设限额" : l.cap(),
                l.capRemaining() == null ? "—" : l.capRemaining(), clause(l.clause()));
    }

    /** A citation as printed: without the policy file's name (the title heads the page), 文件未明确 for an assumption. */
    static String clause(String clause) {
        if (clause == null || clause.isBlank()) {
            return "—";
        }
        String c = chinese(clause).strip();
        return c.isEmpty() ? "—" : c;
    }

    /**
     * Engine text made fit to print: the policy file's name dropped, an assumption said in Chinese, field codes in
     * parentheses dropped, identity types, layers and hospital grades by their Chinese names.
     */
    static String chinese(String text) {
        if (text == null) {
            return "";
        }
        // the engine's citation for a layer the national core system settled (hifp_pay, hifmi_pay/hifob_pay upstream)
        String t = POLICY_VERSION.matcher(text).replaceAll("").replace("national core system", "医保核心系统结算");
        t = ASSUMED.matcher(t).replaceAll("（文件未明确，按默认规则）");
        t = FIELD_CODE.matcher(t).replaceAll("");
        t = GRANT.matcher(t).replaceAll("依申请救助");
        return CONSTANT.matcher(t).replaceAll(m -> Matcher.quoteReplacement(CONSTANTS.getOrDefault(m.group(), m.group())));
    }

    private static String layerName(SettlementAnswer a, String layer) {
        for (LayerView l : a.layers()) {
            if (l.layer().equals(layer)) {
                return chinese(l.name());
            }
        }
        try {
            return Layer.valueOf(layer).chineseName();
        } catch (IllegalArgumentException | NullPointerException e) {
            return layer;
        }
    }

    static String minute(Instant at, ZoneId zone) {
        return at == null ? "" : MINUTE.format(at.atZone(zone));
    }

    private static String day(LocalDate date) {
        return date == null ? "—" : DAY.format(date);
    }

    private static String status(String s) {
        return switch (s == null ? "" : s) {
            case "SETTLED" -> "已结算";
            case "REVERSED" -> "已撤销（作废）";
            case "PREVIEW" -> "预结算";
            default -> s;
        };
    }

    private static String visit(String s) {
        return switch (s == null ? "" : s) {
            case "INPATIENT" -> "住院";
            case "CHRONIC_OUTPATIENT" -> "门诊慢特病";
            case "MAJOR_ILLNESS_OUTPATIENT" -> "重特大疾病门诊";
            case "ORDINARY_OUTPATIENT" -> "普通门诊";
            case "SPECIAL_DRUG" -> "大病保险特殊药品";
            default -> s;
        };
    }

    private static String kind(String kind, String amount) {
        if ("REVERSAL".equals(kind)) {
            return "撤销冲正";
        }
        return amount != null && amount.startsWith("-") ? "追回" : "补付";
    }

    private static String reason(String r) {
        return switch (r == null ? "" : r) {
            case "IDENTITY_CHANGED" -> "身份认定变更（追溯）";
            case "GRANT_APPROVED" -> "依申请救助获批";
            case "DISCHARGE_OUT_OF_ORDER" -> "较早出院的结算后到";
            case "SETTLEMENT_CANCELLED" -> "其他结算撤销";
            case "CANCELLED" -> "本结算撤销";
            case "" -> "";
            default -> "其他调整";
        };
    }
}

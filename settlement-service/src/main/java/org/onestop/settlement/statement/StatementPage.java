package org.onestop.settlement.statement;

import java.util.List;
import org.onestop.settlement.settle.SettlementAnswer;
import org.onestop.settlement.settle.SettlementAnswer.AdjustmentLine;
import org.onestop.settlement.settle.SettlementAnswer.Band;
import org.onestop.settlement.settle.SettlementAnswer.LayerView;
import org.springframework.stereotype.Component;

/**
 * Renders a settlement as the 一单制结算单: total cost, each layer with its base, deductible, ratio, cap and clause,
 * what the patient pays, and the ID number masked (the only form this service ever holds). Self-contained HTML with
 * print styles; every value is escaped.
 */
@Component
public class StatementPage {

    public String render(SettlementAnswer a) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>医疗费用一站式结算单</title><style>")
                .append("body{font-family:'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',sans-serif;margin:24px;font-size:14px}")
                .append("h1{text-align:center;font-size:20px}table{border-collapse:collapse;width:100%;margin:8px 0}")
                .append("td,th{border:1px solid #333;padding:4px 6px;text-align:left}th{background:#eee}.num{text-align:right}")
                .append(".pay{font-size:18px;font-weight:bold}.note{color:#444;font-size:12px}")
                .append("@media print{body{margin:8mm}}</style></head><body>");
        h.append("<h1>医疗费用一站式结算单（一单制）</h1>");
        h.append("<table id=\"head\"><tr><th>结算编号</th><td id=\"settlement-id\">").append(e(String.valueOf(a.settlementId())))
                .append("</td><th>状态</th><td id=\"status\">").append(e(status(a.status()))).append("</td></tr>");
        h.append("<tr><th>身份证号码</th><td id=\"id-number\">").append(e(a.maskedIdNumber() == null ? "（未提供）" : a.maskedIdNumber()))
                .append("</td><th>医疗机构编码</th><td>").append(e(a.hospitalId())).append("</td></tr>");
        h.append("<tr><th>医院结算流水号</th><td>").append(e(a.hospitalSettlementRef())).append("</td><th>参保地区</th><td>")
                .append(e(a.regionCode())).append("</td></tr>");
        h.append("<tr><th>入院日期</th><td>").append(e(String.valueOf(a.discharge().admissionDate()))).append("</td><th>出院日期</th><td>")
                .append(e(String.valueOf(a.discharge().dischargeDate()))).append("</td></tr>");
        h.append("<tr><th>险种</th><td>").append(e(insurance(a.discharge().insuranceType()))).append("</td><th>就诊类别</th><td>")
                .append(e(visit(a.discharge().visitType()))).append("</td></tr>");
        h.append("<tr><th>救助类别</th><td colspan=\"3\">").append(e(a.categoryName() == null ? "无（未认定困难群众身份）" : a.categoryName()))
                .append("</td></tr>");
        h.append("<tr><th>适用政策</th><td colspan=\"3\">").append(e(a.policyVersion())).append("</td></tr></table>");

        h.append("<h2>费用及支付汇总</h2><table id=\"totals\">");
        row(h, "医疗费总额", a.setlinfo().get("medfee_sumamt"), "total-cost");
        row(h, "政策范围内费用", a.setlinfo().get("inscp_scp_amt"), null);
        row(h, "乙类先行自付", a.setlinfo().get("preselfpay_amt"), null);
        row(h, "全自费（目录外）", a.setlinfo().get("fulamt_ownpay_amt"), null);
        row(h, "基本医疗保险统筹基金支付", a.setlinfo().get("hifp_pay"), null);
        row(h, "大病保险支付", a.setlinfo().get("hifmi_pay"), null);
        row(h, "职工大额医疗费用补助", a.setlinfo().get("hifob_pay"), null);
        row(h, "医疗救助支付", a.setlinfo().get("maf_pay"), null);
        row(h, "其他支付（财政兜底）", a.setlinfo().get("oth_pay"), null);
        row(h, "基金支付合计", a.setlinfo().get("fund_pay_sumamt"), null);
        row(h, "医院负担", a.setlinfo().get("hosp_part_amt"), null);
        h.append("<tr class=\"pay\"><th>个人支付</th><td class=\"num\" id=\"patient-pays\">").append(e(a.patientPays()))
                .append(" 元</td></tr></table>");

        h.append("<h2>分层支付明细</h2><table id=\"layers\"><tr><th>支付层次</th><th>计算基数</th><th>起付标准及分段（比例）</th>")
                .append("<th>支付金额</th><th>年度限额</th><th>限额剩余</th><th>政策依据</th></tr>");
        for (LayerView l : a.layers()) {
            layer(h, l);
        }
        for (LayerView l : a.grantsToPerson()) {
            layer(h, l);
        }
        h.append("</table>");
        if (!a.grantsToPerson().isEmpty()) {
            h.append("<p class=\"note\">大病关怀救助等一次性救助直接支付给个人，不计入本次医疗费用结算。</p>");
        }
        List<AdjustmentLine> adjustments = a.adjustments() == null ? List.of() : a.adjustments();
        if (!adjustments.isEmpty()) {
            h.append("<h2>结算后调整（补付/追回/撤销）</h2><table id=\"adjustments\"><tr><th>支付层次</th><th>类型</th><th>金额</th><th>原因</th><th>时间</th></tr>");
            for (AdjustmentLine l : adjustments) {
                h.append("<tr><td>").append(e(l.layer())).append("</td><td>").append(e(kind(l.kind(), l.amount()))).append("</td><td class=\"num\">")
                        .append(e(l.amount())).append("</td><td>").append(e(reason(l.reason()))).append("</td><td>")
                        .append(e(String.valueOf(l.at()))).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<p class=\"note\">说明：先保险后救助，基本医保、大病保险、医疗救助一站式同步结算，个人只需支付“个人支付”金额。")
                .append("金额单位：元，四舍五入到分。</p>");
        h.append("<p>患者（家属）签字：________________　　经办人：________________　　结算时间：")
                .append(e(String.valueOf(a.settledAt()))).append("</p>");
        h.append("</body></html>");
        return h.toString();
    }

    private static void row(StringBuilder h, String label, String amount, String id) {
        h.append("<tr><th>").append(e(label)).append("</th><td class=\"num\"").append(id == null ? "" : " id=\"" + id + "\"").append('>')
                .append(e(amount)).append(" 元</td></tr>");
    }

    private static void layer(StringBuilder h, LayerView l) {
        StringBuilder bands = new StringBuilder();
        if (l.excludedBy() != null) {
            bands.append("不予支付：").append(l.excludedBy());
        } else {
            for (Band b : l.bands()) {
                if (!bands.isEmpty()) {
                    bands.append("；");
                }
                bands.append(b.from()).append('–').append(b.to() == null ? "以上" : b.to()).append(" 元段 ")
                        .append(b.portion()).append(" 元 × ").append(b.percent()).append(" = ").append(b.amount());
            }
            if (!bands.isEmpty() && !l.bands().isEmpty()) {
                bands.insert(0, "起付标准 " + l.bands().get(0).from() + " 元；");
            }
        }
        h.append("<tr class=\"layer\" data-layer=\"").append(e(l.layer())).append("\"><td>").append(e(l.name())).append("</td><td class=\"num\">")
                .append(e(l.base())).append("</td><td>").append(e(bands.toString()));
        for (String note : l.notes()) {
            h.append("<div class=\"note\">").append(e(note)).append("</div>");
        }
        h.append("</td><td class=\"num\">").append(e(l.amount())).append("</td><td class=\"num\">")
                .append(e(l.cap() == null ? "不设限额" : l.cap())).append("</td><td class=\"num\">")
                .append(e(l.capRemaining() == null ? "—" : l.capRemaining())).append("</td><td>").append(e(l.clause())).append("</td></tr>");
    }

    private static String status(String s) {
        return switch (s == null ? "" : s) {
            case "SETTLED" -> "已结算";
            case "REVERSED" -> "已撤销";
            case "PREVIEW" -> "预结算";
            default -> s;
        };
    }

    private static String insurance(String s) {
        return "EMPLOYEE".equals(s) ? "职工基本医疗保险" : "城乡居民基本医疗保险";
    }

    private static String visit(String s) {
        return switch (s) {
            case "INPATIENT" -> "住院";
            case "CHRONIC_OUTPATIENT" -> "门诊慢特病";
            case "MAJOR_ILLNESS_OUTPATIENT" -> "重特大疾病门诊";
            case "ORDINARY_OUTPATIENT" -> "普通门诊";
            case "SPECIAL_DRUG" -> "特殊药品";
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
        if (r == null) {
            return "";
        }
        return switch (r) {
            case "IDENTITY_CHANGED" -> "身份认定变更（追溯）";
            case "GRANT_APPROVED" -> "依申请救助获批";
            case "DISCHARGE_OUT_OF_ORDER" -> "较早出院的结算后到";
            case "SETTLEMENT_CANCELLED" -> "其他结算撤销";
            case "CANCELLED" -> "本结算撤销";
            default -> r;
        };
    }

    static String e(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

package org.onestop.monitoring.warning.web;

import java.util.List;
import java.util.stream.Collectors;
import org.onestop.monitoring.warning.WarningView;

/** The monthly list's columns: the person shown masked, the line, and the burden's composition (Liaoning (七)). */
final class WarningCsv {

    static final String BOM = "\uFEFF";
    static final List<String> VISIT_TYPES =
            List.of("INPATIENT", "CHRONIC_OUTPATIENT", "MAJOR_ILLNESS_OUTPATIENT", "SPECIAL_DRUG", "ORDINARY_OUTPATIENT");
    static final String HEADER = String.join(",", "预警编号", "地区", "政策版本", "年度", "预警线", "预警线名称", "依据条款",
            "负担口径", "预警标准(元)", "累计负担(元)", "住院(元)", "门诊慢特病(元)", "重特大疾病门诊(元)", "高值/特殊药品(元)",
            "普通门诊(元)", "身份证号(脱敏)", "人员标识", "身份类别", "出院日期", "预警时间", "状态", "处置部门及签收") + "\r\n";

    private WarningCsv() {
    }

    static String line(WarningView w) {
        StringBuilder b = new StringBuilder(256);
        cells(b, w.id().toString(), w.regionCode(), w.policyVersion(), Integer.toString(w.year()), w.lineId(), w.lineName(),
                w.clause(), w.burdenBasis(), w.threshold(), w.burden());
        for (String type : VISIT_TYPES) {
            cells(b, w.composition().getOrDefault(type, ""));
        }
        cells(b, w.maskedIdNumber() == null ? "" : w.maskedIdNumber(), w.personRef(), String.join(" ", w.identityTypes()),
                w.asOf().toString(), w.raisedAt().toString(), w.status(),
                w.routes().stream().map(r -> r.department() + (r.acknowledgedAt() == null ? "" : " 已签收 " + r.acknowledgedAt()))
                        .collect(Collectors.joining("; ")));
        b.setLength(b.length() - 1);
        return b.append("\r\n").toString();
    }

    private static void cells(StringBuilder b, String... values) {
        for (String v : values) {
            String s = v == null ? "" : v;
            // RFC 4180 quoting, and a leading ' against spreadsheet formula injection
            if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?\\d+(\\.\\d+)?")) {
                s = "'" + s;
            }
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                s = '"' + s.replace("\"", "\"\"") + '"';
            }
            b.append(s).append(',');
        }
    }
}

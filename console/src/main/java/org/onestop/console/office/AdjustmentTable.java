package org.onestop.console.office;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.onestop.console.labels.Labels;

/**
 * The adjustment lines an approved application paid (the API's {@code adjustments}), as the office page shows them:
 * each line with its layer's Chinese name and Beijing time, and the column totals. The totals are added here in exact
 * decimals from the lines' own amounts and set against the application's {@code adjustmentsPaid}, so the page shows
 * whether they balance to the fen rather than trusting either side.
 *
 * @param lines    the lines, in the API's (discharge) order
 * @param before   the sum of the lines' "before" amounts
 * @param after    the sum of their "after" amounts
 * @param paid     the sum of their differences
 * @param declared the application's {@code adjustmentsPaid}, as the API answered it
 * @param balanced whether {@code paid} equals {@code declared} to the fen
 */
record AdjustmentTable(List<Line> lines, String before, String after, String paid, String declared, boolean balanced) {

    private static final Labels LABELS = Labels.standard();

    /** One line as shown; amounts as the API wrote them (yuan, two decimals). */
    record Line(String settlementId, String hospitalId, String hospitalSettlementRef, String dischargeDate, String layer,
                String layerName, String fundCode, String before, String after, String difference, String clause,
                String reason, String adjustedAt) {
    }

    @SuppressWarnings("unchecked")
    static AdjustmentTable of(Map<String, Object> decision) {
        Object raw = decision.get("adjustments");
        List<Map<String, Object>> items = raw instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
        List<Line> lines = new ArrayList<>();
        BigDecimal before = BigDecimal.ZERO.setScale(2);
        BigDecimal after = BigDecimal.ZERO.setScale(2);
        BigDecimal paid = BigDecimal.ZERO.setScale(2);
        for (Map<String, Object> m : items) {
            Line line = new Line(text(m, "settlementId"), text(m, "hospitalId"), text(m, "hospitalSettlementRef"),
                    text(m, "dischargeDate"), text(m, "layer"), LABELS.layer(text(m, "layer")),
                    text(m, "fundCode"), text(m, "before"), text(m, "after"), text(m, "difference"), text(m, "clause"),
                    reason(text(m, "reason"), text(m, "difference")), LABELS.time(text(m, "adjustedAt")));
            before = before.add(new BigDecimal(line.before()));
            after = after.add(new BigDecimal(line.after()));
            paid = paid.add(new BigDecimal(line.difference()));
            lines.add(line);
        }
        String declared = text(decision, "adjustmentsPaid");
        boolean balanced = declared != null && new BigDecimal(declared).compareTo(paid) == 0;
        return new AdjustmentTable(List.copyOf(lines), before.toPlainString(), after.toPlainString(), paid.toPlainString(),
                declared, balanced);
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    private static String reason(String code, String difference) {
        String direction = difference != null && difference.startsWith("-") ? "追回" : "补付";
        return "GRANT_APPROVED".equals(code) ? "依申请救助获批，按政策重新结算后" + direction : code;
    }


    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }
}

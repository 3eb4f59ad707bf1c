package org.onestop.console.office;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdjustmentTableTest {

    private static Map<String, Object> line(String date, String before, String after, String difference) {
        Map<String, Object> line = new HashMap<>(Map.of("settlementId", "s-" + date, "hospitalId", "H360402001",
                "hospitalSettlementRef", "ZY-" + date, "dischargeDate", date, "layer", "SECONDARY_ASSISTANCE", "fundCode", "610102",
                "clause", "jiujiang-2022 三(三)2(5)", "reason", "GRANT_APPROVED", "adjustedAt", "2026-06-01T16:30:00Z"));
        line.putAll(Map.of("before", before, "after", after, "difference", difference));
        return line;
    }

    @Test
    void theColumnsAddUpInExactDecimalsAndBalanceAgainstWhatTheApplicationPaid() {
        // 5,000.00 + 2,000.00 = 7,000.00 (jiujiang-2022 三(三)2(5), docs/settlement-api.md's worked case);
        // 0.10 + 0.20 is 0.30 exactly, where binary floating point would not be
        AdjustmentTable t = AdjustmentTable.of(Map.of("adjustmentsPaid", "7000.30", "adjustments", List.of(
                line("2026-03-01", "0.00", "5000.00", "5000.00"), line("2026-04-01", "0.00", "2000.00", "2000.00"),
                line("2026-05-01", "1.00", "1.10", "0.10"), line("2026-05-02", "2.00", "2.20", "0.20"))));
        assertThat(t.paid()).isEqualTo("7000.30");
        assertThat(t.before()).isEqualTo("3.00");
        assertThat(t.after()).isEqualTo("7003.30");
        assertThat(t.balanced()).isTrue();
        assertThat(t.lines().get(0).layerName()).isEqualTo("倾斜救助/再救助");
        assertThat(t.lines().get(0).reason()).isEqualTo("依申请救助获批，按政策重新结算后补付");
        // 16:30 UTC is the next day, 00:30, in Beijing
        assertThat(t.lines().get(0).adjustedAt()).isEqualTo("2026-06-02 00:30");
    }

    @Test
    void linesThatDoNotAddUpToThePaidSumAreShownAsNotBalancing() {
        AdjustmentTable t = AdjustmentTable.of(Map.of("adjustmentsPaid", "7000.01", "adjustments", List.of(
                line("2026-03-01", "0.00", "5000.00", "5000.00"), line("2026-04-01", "0.00", "2000.00", "2000.00"))));
        assertThat(t.paid()).isEqualTo("7000.00");
        assertThat(t.balanced()).isFalse();
    }

    @Test
    void aRecoveryReadsAsRecovered() {
        AdjustmentTable t = AdjustmentTable.of(Map.of("adjustmentsPaid", "-300.00", "adjustments", List.of(
                line("2026-03-01", "3000.00", "2700.00", "-300.00"))));
        assertThat(t.lines().get(0).reason()).endsWith("追回");
        assertThat(t.balanced()).isTrue();
    }
}

package org.onestop.console.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.onestop.events.ChangeKind;
import org.onestop.events.Department;
import org.onestop.events.IdentityType;

class LabelsTest {

    private final Labels labels = Labels.load();

    @Test
    void codesOfTheBatchReportHaveTheirChineseNames() {
        assertThat(labels.category("DIBAO")).isEqualTo("低保对象");
        assertThat(labels.change("NEW")).isEqualTo("新识别");
        assertThat(labels.change("DECREASE")).isEqualTo("自然减少");
        assertThat(labels.rowStatus("REJECTED")).isEqualTo("拒绝");
        assertThat(labels.batchStatus("PARTIAL")).isEqualTo("部分拒绝");
        assertThat(labels.kind("ROSTER")).isEqualTo("救助对象名单(附件2)");
        assertThat(labels.source("XLSX")).isEqualTo("Excel 文件");
        assertThat(labels.department("VETERANS_AFFAIRS")).isEqualTo("退役军人事务");
        assertThat(labels.warningStatus("ACKNOWLEDGED")).isEqualTo("已确认");
    }

    @Test
    void layersFundsAndWhatIfStatusesHaveTheirNamesAndAFundKeepsItsCode() {
        // the policy library's Layer names and NHSA's fund_pay_type names, as the office and what-if pages show them
        assertThat(labels.layer("ASSISTANCE")).isEqualTo("医疗救助");
        assertThat(labels.layer("SECONDARY_ASSISTANCE")).isEqualTo("倾斜救助/再救助");
        assertThat(labels.layer("CARE_GRANT")).isEqualTo("大病关怀救助");
        assertThat(labels.fund("610100")).isEqualTo("610100 医疗救助基金");
        assertThat(labels.fund("390200")).isEqualTo("390200 城乡居民大病保险资金");
        assertThat(labels.fund("999999")).isEqualTo("999999");
        assertThat(labels.fund(null)).isEqualTo("—");
        assertThat(labels.fund("")).isEqualTo("—");
        assertThat(labels.whatIfStatus("RUNNING")).isEqualTo("计算中");
        assertThat(Labels.standard()).isSameAs(Labels.standard());
    }

    @Test
    void anUnknownCodeIsShownAsItselfAndAMissingOneAsADashNeverBlank() {
        assertThat(labels.category("NEW_TYPE_2027")).isEqualTo("NEW_TYPE_2027");
        assertThat(labels.of("no-such-group", "X")).isEqualTo("X");
        assertThat(labels.category(null)).isEqualTo("—");
        assertThat(labels.change(" ")).isEqualTo("—");
        assertThat(labels.kind(null)).isEqualTo("未记录");
        assertThat(labels.time(null)).isEqualTo("—");
    }

    @Test
    void everyIdentityTypeDepartmentAndChangeKindOfTheContractHasAName() {
        for (IdentityType t : IdentityType.values()) {
            assertThat(labels.category(t.name())).as(t.name()).isEqualTo(t.chineseName());
        }
        for (Department d : Department.values()) {
            assertThat(labels.department(d.name())).as(d.name()).isEqualTo(d.chineseName());
        }
        for (ChangeKind k : ChangeKind.values()) {
            // the name is the form's word, which the contract parses back to the same kind
            assertThat(ChangeKind.parse(labels.change(k.name()))).as(k.name()).contains(k);
        }
    }

    @Test
    void timesAreBeijingWallClockToTheMinute() {
        // 16:30 UTC is 00:30 the next day in Beijing (UTC+8, no daylight saving)
        assertThat(labels.time("2026-01-10T16:30:00Z")).isEqualTo("2026-01-11 00:30");
        assertThat(labels.time("2026-01-10T16:30:59.999999Z")).isEqualTo("2026-01-11 00:30");
        assertThat(labels.time(Instant.parse("2026-07-01T00:00:00Z"))).isEqualTo("2026-07-01 08:00");
        assertThat(labels.time(OffsetDateTime.parse("2026-07-01T09:15:00+08:00"))).isEqualTo("2026-07-01 09:15");
        assertThat(labels.date("2026-01-10T16:30:00Z")).isEqualTo("2026-01-11");
    }

    @Test
    void aTimeThatIsNoInstantIsShownAsWritten() {
        assertThat(labels.time("2026-01-31")).isEqualTo("2026-01-31");
        assertThat(labels.time("yesterday")).isEqualTo("yesterday");
    }
}

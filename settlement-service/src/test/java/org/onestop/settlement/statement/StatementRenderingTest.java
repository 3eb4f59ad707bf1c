package org.onestop.settlement.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onestop.policy.PolicyCatalog;
import org.onestop.settlement.settle.Patient;
import org.onestop.settlement.settle.SettlementAnswer;
import org.onestop.settlement.settle.SettlementAnswer.Band;
import org.onestop.settlement.settle.SettlementAnswer.DischargeSummary;
import org.onestop.settlement.settle.SettlementAnswer.LayerView;

/**
 * The statement as the template renders it, without a service: times in Beijing time, Chinese words only, the
 * policy's title, names from the data file, 大写, a province's own template. The browser checks run in headless
 * Chromium and skip, saying so, when none is installed.
 */
class StatementRenderingTest {

    static final PolicyCatalog CATALOG = PolicyCatalog.loadDefault();
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final UUID ID = UUID.fromString("5b0c6a52-8d0e-4a57-9a43-2f0d5e1b7c11");

    @Test
    void aSettlementAtSixteenThirtyUtcIsDatedTheNextDayInBeijingTime() throws Exception {
        String browser = Chromium.browser();
        assumeTrue(browser != null, "headless Chromium not installed (apt-get install -y chromium): Beijing date not checked in a browser");
        // 2026-05-20 16:30 UTC = 2026-05-21 00:30 in Beijing (UTC+8, no daylight saving since 1991)
        SettlementAnswer a = answer("SETTLED", Instant.parse("2026-05-20T16:30:00Z"), null);
        String dom = Chromium.dumpDom(browser, renderer(null).render(a).getBytes(StandardCharsets.UTF_8));
        assertThat(dom).contains("id=\"settled-at\">2026年05月21日 00:30<").doesNotContain("2026-05-20T16:30");
    }

    @Test
    void theServicesPdfPrinterPrintsAnOrdinaryStayOnOneA4Page() throws Exception {
        assumeTrue(Chromium.browser() != null, "headless Chromium not installed (apt-get install -y chromium): PDF not printed");
        StatementPdf printer = new StatementPdf(new StatementProperties("", Duration.ZERO, Chromium.browser(), Duration.ofSeconds(120), 1,
                Duration.ofMinutes(5)));
        byte[] pdf = printer.printBlocking(renderer(null).render(answer("SETTLED", Instant.parse("2026-05-20T02:00:00Z"), null)));
        assertThat(Chromium.pages(pdf)).isEqualTo(1);
        assertThat(Chromium.text(pdf)).contains("患者（家属）签字").contains("人民币壹仟元整");
    }

    @Test
    void thePageSpeaksChineseTheTitleNamesThePolicyAndTheNamesReplaceCodes() throws Exception {
        String html = renderer(null).render(answer("SETTLED", Instant.parse("2026-05-20T02:00:00Z"), null));
        String text = Chromium.visibleText(html);
        // jiujiang-2022.yaml title, cited from jiujiang-2022.txt; the file name never
        assertThat(text).contains("《九江市健全重特大疾病医疗保险和救助制度实施方案》").doesNotContain("jiujiang");
        // names.yml: 360000 江西省 + 360400 九江市 + 360402 濂溪区; H36040200001 the test fixture hospital
        assertThat(text).contains("江西省九江市濂溪区（360402）").contains("九江市第一人民医院");
        // the engine's note "SECONDARY 医院支付比例 …" and a clause marked assumed print in Chinese
        assertThat(text).contains("二级 医院支付比例").contains("文件未明确，按默认规则").contains("医保核心系统结算");
        assertThat(Chromium.latinWords(text, List.of(ID.toString(), "H36040200001"))).isEmpty();
        // 1,000.00 yuan: 壹仟元整 (ChineseAmountTest); the patient: 张*, 男, 45岁, 住院号, 5 bed-days
        assertThat(text).contains("人民币壹仟元整").contains("张*").contains("男").contains("45岁").contains("ZY20260515001").contains("5天");
        assertThat(html).doesNotContain("张三");
    }

    @Test
    void aCancelledStatementCarriesTheVoidStampAndStrikesItsAmounts() {
        String html = renderer(null).render(answer("REVERSED", Instant.parse("2026-05-20T02:00:00Z"), Instant.parse("2026-05-20T03:15:00Z")));
        assertThat(html).contains("id=\"void-stamp\">作废").contains("撤销于 2026年05月20日 11:15")
                .contains("class=\"sheet cancelled\"").contains(".cancelled .amount { text-decoration: line-through; }");
        String settled = renderer(null).render(answer("SETTLED", Instant.parse("2026-05-20T02:00:00Z"), null));
        assertThat(settled).doesNotContain("id=\"void-stamp\"").contains("class=\"sheet\"");
    }

    @Test
    void aProvinceTemplateAndNamesFromTheConfiguredDirectoryReplaceTheBuiltInOnes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("statement.html"), """
                <!DOCTYPE html><html xmlns:th="http://www.thymeleaf.org"><body>
                <h1>江西省医疗保障一站式结算单</h1><p id="h" th:text="${v.hospitalName()}"></p><p id="p" th:text="${v.patientPaysCapitals()}"></p>
                </body></html>""");
        Files.writeString(dir.resolve("names.yml"), """
                hospitals:
                  "H36040200001": {name: 九江市某某医院, source: assumed (test)}
                """);
        String html = renderer(dir).render(answer("SETTLED", Instant.parse("2026-05-20T02:00:00Z"), null));
        assertThat(html).contains("江西省医疗保障一站式结算单").contains("<p id=\"h\">九江市某某医院</p>").contains("<p id=\"p\">壹仟元整</p>")
                .doesNotContain("分层支付明细");
    }

    @Test
    void aDirectoryWithoutATemplateFallsBackToTheBuiltInOne(@TempDir Path dir) {
        assertThat(renderer(dir).render(answer("SETTLED", Instant.parse("2026-05-20T02:00:00Z"), null))).contains("分层支付明细");
    }

    static StatementRenderer renderer(Path dir) {
        return new StatementRenderer(dir, 0, CATALOG, BEIJING);
    }

    /**
     * A Jiujiang class 2 inpatient stay of 14,000 in scope, 10,000 of it paid by basic insurance: assistance 75 % of
     * 4,000 = 3,000 (jiujiang-2022 三(三)2(2)), the patient pays 1,000.
     */
    static SettlementAnswer answer(String status, Instant settledAt, Instant reversedAt) {
        Map<String, String> setlinfo = new LinkedHashMap<>();
        for (String k : List.of("medfee_sumamt", "inscp_scp_amt")) {
            setlinfo.put(k, "14000.00");
        }
        for (String k : List.of("preselfpay_amt", "fulamt_ownpay_amt", "hifmi_pay", "hifob_pay", "oth_pay", "hosp_part_amt")) {
            setlinfo.put(k, "0.00");
        }
        setlinfo.put("hifp_pay", "10000.00");
        setlinfo.put("maf_pay", "3000.00");
        setlinfo.put("fund_pay_sumamt", "13000.00");
        setlinfo.put("psn_part_amt", "1000.00");
        LayerView basic = new LayerView("BASIC", "基本医疗保险", "310100", "10000.00", "14000.00", "0.00", List.of(), null, null, null,
                "national core system (hifp_pay)", List.of("SECONDARY 医院支付比例 70%", "基本医保已由医保核心系统结算（hifp_pay）"), null);
        LayerView critical = new LayerView("CRITICAL_ILLNESS", "城乡居民大病保险", "390200", "0.00", "4000.00", "0.00", List.of(), null,
                null, "未达到大病保险起付标准", "assumed (national rule)", List.of(), null);
        LayerView assistance = new LayerView("ASSISTANCE", "医疗救助", "610100", "3000.00", "4000.00", "0.00",
                List.of(new Band("0.00", null, "4000.00", "0.75", "75%", "3000.00", "jiujiang-2022 三(三)2(2)")), "50000.00",
                "47000.00", null, "jiujiang-2022 三(三)2(2)", List.of("救助类别：二类人员（DIBAO）"), null);
        DischargeSummary discharge = new DischargeSummary(LocalDate.parse("2026-05-15"), LocalDate.parse("2026-05-20"), "RESIDENT",
                "INPATIENT", "SECONDARY", "IN_REGION", false, null, 5, true);
        return new SettlementAnswer(ID, status, false, "a".repeat(64), "360402***********7", "H36040200001", "msg-1", "ref-1",
                "360402", "360400", "jiujiang-2022", "class2", "二类人员（低保对象、返贫致贫人口）", List.of("DIBAO"), List.of("DIBAO"), discharge,
                setlinfo, List.of(), List.of(basic, critical, assistance), List.of(), "1000.00", "0.00", settledAt, reversedAt, List.of(),
                new Patient(Patient.maskName("张三"), Patient.MALE, 45, "ZY20260515001"));
    }
}

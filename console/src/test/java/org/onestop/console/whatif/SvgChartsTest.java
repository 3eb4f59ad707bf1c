package org.onestop.console.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartsTest {

    @Test
    void barsAreScaledToTheLargestAmountAndCarryTheirExactFigure() {
        // the plot is 640 − 190 (labels) − 90 (figures) = 360 wide: 1,000.00 fills it, 500.00 half of it, 0.00 a hairline
        String svg = SvgCharts.groupedBars("c", "标题", "说明", List.of(
                new SvgCharts.Group("医疗救助", new BigDecimal("500.00"), new BigDecimal("1000.00")),
                new SvgCharts.Group("基本医疗保险", new BigDecimal("0.00"), new BigDecimal("0.00"))));

        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"")
                .contains("aria-labelledby=\"c-title c-desc\"", "<title id=\"c-title\">标题</title>", "<desc id=\"c-desc\">说明</desc>")
                .contains("width=\"180\" height=\"10\" fill=\"" + SvgCharts.CURRENT + "\"><title>现行 医疗救助:500.00</title>")
                .contains("width=\"360\" height=\"10\" fill=\"" + SvgCharts.CANDIDATE + "\"><title>候选 医疗救助:1,000.00</title>")
                .contains("width=\"1\" height=\"10\" fill=\"" + SvgCharts.CURRENT + "\"><title>现行 基本医疗保险:0.00</title>")
                .endsWith("</svg>");
    }

    @Test
    void labelsAreEscapedSoAPolicyIdCannotInjectMarkup() {
        String svg = SvgCharts.groupedBars("c", "a<b", "\"q\" & 'r'", List.of(
                new SvgCharts.Group("<script>x</script>", BigDecimal.ONE, BigDecimal.ONE)));

        assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;x&lt;/script&gt;", "a&lt;b", "&quot;q&quot; &amp; &#39;r&#39;");
    }

    @Test
    void decileLinesRunFromZeroToTheLargestAmountTheCandidateDashed() {
        // plot height 260 − 30 − 28 − 10 = 192 from the axis at y = 230: 100.00 of 200.00 is 96 up (y 134), 200.00 at y 38
        String svg = SvgCharts.lines("d", "十分位", "说明", List.of("10%", "20%"),
                List.of(new BigDecimal("100.00"), new BigDecimal("200.00")), List.of(new BigDecimal("0.00"), new BigDecimal("200.00")));

        assertThat(svg).contains("stroke=\"" + SvgCharts.CURRENT + "\" stroke-width=\"2\" points=\"80,134 610,38\"")
                .contains("stroke=\"" + SvgCharts.CANDIDATE + "\" stroke-width=\"2\" stroke-dasharray=\"6 3\" points=\"80,230 610,38\"")
                .contains("<title>候选 10%:0.00</title>", "<title>现行 20%:200.00</title>");
    }
}

package org.onestop.console.whatif;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.onestop.console.labels.Labels;

/**
 * A what-if run as the page shows it, read from the API's answer ({@code GET /api/v1/what-if/{id}}, docs/what-if.md
 * "The result"): every figure is the API's own text, grouped by thousands and nothing else, so the page agrees with the
 * JSON and the CSV to the fen. The charts are drawn from the same figures.
 */
record RunView(String id, String region, int year, String status, String statusLabel, boolean working,
               String progress, String createdAt, String error, Result result) {

    private static final Labels LABELS = Labels.standard();
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One figure, current beside candidate; {@code money} rows are yuan, others counts. */
    record Row(String label, String detail, String current, String candidate, String difference) {
    }

    /** One of the person-years that change most: fund outlay and patient payments, both sides. */
    record Change(String personRef, Row fundOutlay, Row patientPays) {
    }

    record Result(String currentPolicy, String candidatePolicy, List<Row> totals, List<Row> byLayerAndFund,
                  String layerChart, List<Row> byCategory, List<Row> byCounty, String countyChart,
                  List<Row> warningLines, List<Row> deciles, String decileChart, List<Row> catastrophic,
                  List<Change> topChanges) {
    }

    static RunView of(Map<String, Object> run) {
        String status = text(run.get("status"));
        Map<String, Object> progress = map(run.get("progress"));
        Object persons = progress.get("persons");
        String progressText = persons == null ? "正在列出人员" : progress.get("done") + " / " + persons + " 人";
        boolean working = "QUEUED".equals(status) || "RUNNING".equals(status);
        Object result = run.get("result");
        return new RunView(text(run.get("id")), text(run.get("region")), ((Number) run.get("year")).intValue(), status,
                LABELS.whatIfStatus(status), working, progressText, beijing(text(run.get("createdAt"))), text(run.get("error")),
                result instanceof Map<?, ?> ? result(map(result)) : null);
    }

    private static Result result(Map<String, Object> r) {
        Map<String, Object> policies = map(r.get("policies"));
        List<Row> totals = new ArrayList<>();
        totals.add(count("人年数", r.get("personYears"), r.get("personYears")));
        totals.add(count("出院人次", r.get("discharges"), r.get("discharges")));
        totals.add(money("基金支出合计", "", map(r.get("fundOutlay"))));
        totals.add(money("个人负担合计", "", map(r.get("patientPays"))));

        List<Row> layers = new ArrayList<>();
        List<SvgCharts.Group> layerBars = new ArrayList<>();
        for (Map<String, Object> l : list(r.get("byLayerAndFund"))) {
            Row row = money(LABELS.layer(text(l.get("layer"))), LABELS.fund(text(l.get("fundCode"))), l);
            layers.add(row);
            layerBars.add(new SvgCharts.Group(row.label() + (l.get("fundCode") == null ? "" : " " + l.get("fundCode")),
                    Amounts.parse(l.get("current")), Amounts.parse(l.get("candidate"))));
        }
        List<Row> categories = new ArrayList<>();
        for (Map<String, Object> c : list(r.get("byCategory"))) {
            categories.add(money(category(text(c.get("category")), text(c.get("name"))), "", c));
        }
        List<Row> counties = new ArrayList<>();
        List<SvgCharts.Group> countyBars = new ArrayList<>();
        for (Map<String, Object> c : list(r.get("byCounty"))) {
            counties.add(money(text(c.get("county")), "", c));
            countyBars.add(new SvgCharts.Group(text(c.get("county")), Amounts.parse(c.get("current")), Amounts.parse(c.get("candidate"))));
        }
        List<Row> lines = new ArrayList<>();
        for (Map<String, Object> l : list(r.get("warningLines"))) {
            lines.add(count(text(l.get("line")), l.get("current"), l.get("candidate")));
        }
        List<Row> deciles = new ArrayList<>();
        List<String> decileLabels = new ArrayList<>();
        List<BigDecimal> currentDeciles = new ArrayList<>();
        List<BigDecimal> candidateDeciles = new ArrayList<>();
        for (Map<String, Object> d : list(r.get("patientPaysDeciles"))) {
            String label = d.get("decile") + "%";
            BigDecimal now = Amounts.parse(d.get("current"));
            BigDecimal then = Amounts.parse(d.get("candidate"));
            deciles.add(new Row(label, "", Amounts.yuan(now), Amounts.yuan(then),
                    now == null || then == null ? "" : Amounts.yuan(then.subtract(now))));
            if (now != null && then != null) {
                decileLabels.add(label);
                currentDeciles.add(now);
                candidateDeciles.add(then);
            }
        }
        Map<String, Object> catastrophic = map(r.get("catastrophic"));
        Map<String, Object> catNow = map(catastrophic.get("current"));
        Map<String, Object> catThen = map(catastrophic.get("candidate"));
        List<Row> catRows = List.of(
                new Row("界线(人均可支配收入的 " + percent(catastrophic.get("shareOfIncome")) + ")", "",
                        orUndeclared(catNow.get("line")), orUndeclared(catThen.get("line")), ""),
                count("超过界线的人年数", catNow.get("personYears"), catThen.get("personYears")),
                new Row("占人年数的比例", "", share(catNow.get("share")), share(catThen.get("share")), ""));
        List<Change> top = new ArrayList<>();
        for (Map<String, Object> c : list(r.get("topChanges"))) {
            top.add(new Change(text(c.get("personRef")), money("基金支出", "", map(c.get("fundOutlay"))),
                    money("个人负担", "", map(c.get("patientPays")))));
        }
        return new Result(text(policies.get("current")), text(policies.get("candidate")), totals, layers,
                SvgCharts.groupedBars("chart-layers", "按层级与基金的基金支出(元)",
                        "每个层级与基金两根横条:上为现行政策,下为候选政策;数值见右侧表格。", layerBars),
                categories, counties,
                SvgCharts.groupedBars("chart-counties", "按县区的基金支出(元)",
                        "每个县区两根横条:上为现行政策,下为候选政策;数值见右侧表格。", countyBars),
                lines, deciles,
                decileLabels.isEmpty() ? null : SvgCharts.lines("chart-deciles", "个人负担的十分位数(元)",
                        "横轴为十分位(10% 至 90%),纵轴为每人年个人负担;实线为现行政策,虚线为候选政策;数值见右侧表格。",
                        decileLabels, currentDeciles, candidateDeciles),
                catRows, top);
    }

    private static Row money(String label, String detail, Map<String, Object> pair) {
        return new Row(label, detail, Amounts.yuan(pair.get("current")), Amounts.yuan(pair.get("candidate")),
                Amounts.yuan(pair.get("difference")));
    }

    private static Row count(String label, Object current, Object candidate) {
        long now = ((Number) current).longValue();
        long then = ((Number) candidate).longValue();
        return new Row(label, "", Long.toString(now), Long.toString(then), Long.toString(then - now));
    }

    private static String orUndeclared(Object yuan) {
        return yuan == null ? "政策未声明收入数字" : Amounts.yuan(yuan);
    }

    /** A 4-decimal fraction as a percentage with two decimals, exactly ({@code 0.3333} → {@code 33.33%}). */
    static String share(Object fraction) {
        return fraction == null ? "—" : new BigDecimal(fraction.toString()).movePointRight(2).toPlainString() + "%";
    }

    private static String percent(Object fraction) {
        return fraction == null ? "" : new BigDecimal(fraction.toString()).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    /** The assistance category by the policy file's name (the API's {@code name}); {@code NONE}: the stay had none. */
    private static String category(String id, String name) {
        return "NONE".equals(id) ? "无救助类别" : name != null ? name : id;
    }

    private static String beijing(String instant) {
        return instant == null ? "" : TIME.format(Instant.parse(instant).atZone(BEIJING)) + "(北京时间)";
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }
}

package org.onestop.console.whatif;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The what-if page's charts as inline SVG, drawn on the server (the console serves no script): grouped horizontal bars
 * (current beside candidate) and two lines over the deciles. Every chart names itself ({@code title}) and says what it
 * shows ({@code desc}), each mark carries its exact figure as a tooltip title, and the page puts the same numbers in a
 * table beside it, so nothing is told by colour or length alone. Pure: text in, SVG text out, every label escaped.
 */
final class SvgCharts {

    /** Current policy: mid grey-blue; candidate: the console's bar blue (contrast ≥ 3:1 against white for both). */
    static final String CURRENT = "#6b7f95";
    static final String CANDIDATE = "#0b4f8a";

    private static final int WIDTH = 640;
    private static final int LABEL = 190;
    private static final int BAR = 12;
    private static final int GROUP = 2 * BAR + 12;
    private static final int TOP = 28;

    private SvgCharts() {
    }

    /** One group of the bar chart: its label and the two amounts (yuan, exact). */
    record Group(String label, BigDecimal current, BigDecimal candidate) {
    }

    /**
     * Horizontal bars, two per group, scaled to the largest amount (negative amounts are drawn as empty bars: an outlay
     * is never negative, a difference is not charted).
     *
     * @param id    unique on the page (the {@code title}/{@code desc} ids derive from it)
     * @param title what the chart shows, also its accessible name
     */
    static String groupedBars(String id, String title, String desc, List<Group> groups) {
        BigDecimal max = BigDecimal.ZERO;
        for (Group g : groups) {
            max = max.max(g.current()).max(g.candidate());
        }
        int plot = WIDTH - LABEL - 90;
        int height = TOP + Math.max(1, groups.size()) * GROUP + 8;
        StringBuilder s = open(id, title, desc, height);
        legend(s);
        int y = TOP;
        for (Group g : groups) {
            s.append("<text x=\"").append(LABEL - 6).append("\" y=\"").append(y + BAR + 4)
                    .append("\" text-anchor=\"end\">").append(escape(g.label())).append("</text>");
            bar(s, y, plot, g.current(), max, CURRENT, "现行 " + g.label());
            bar(s, y + BAR, plot, g.candidate(), max, CANDIDATE, "候选 " + g.label());
            y += GROUP;
        }
        return s.append("</svg>").toString();
    }

    private static void bar(StringBuilder s, int y, int plot, BigDecimal amount, BigDecimal max, String colour, String what) {
        int w = max.signum() <= 0 || amount.signum() <= 0 ? 0
                : amount.multiply(BigDecimal.valueOf(plot)).divide(max, 0, RoundingMode.HALF_UP).intValue();
        s.append("<rect x=\"").append(LABEL).append("\" y=\"").append(y).append("\" width=\"").append(Math.max(w, 1))
                .append("\" height=\"").append(BAR - 2).append("\" fill=\"").append(colour).append("\"><title>")
                .append(escape(what + ":" + Amounts.yuan(amount))).append("</title></rect>");
        s.append("<text x=\"").append(LABEL + Math.max(w, 1) + 4).append("\" y=\"").append(y + BAR - 3).append("\">")
                .append(Amounts.yuan(amount)).append("</text>");
    }

    /**
     * Two lines over ordered points (the deciles): x evenly spaced, y scaled from zero to the largest amount.
     *
     * @param labels the x labels (e.g. {@code 10%}…{@code 90%}); {@code current} and {@code candidate} as long as labels
     */
    static String lines(String id, String title, String desc, List<String> labels, List<BigDecimal> current,
                        List<BigDecimal> candidate) {
        BigDecimal max = BigDecimal.ZERO;
        for (BigDecimal v : current) {
            max = max.max(v);
        }
        for (BigDecimal v : candidate) {
            max = max.max(v);
        }
        int height = 260;
        int left = 80;
        int bottom = height - 30;
        int plotHeight = bottom - TOP - 10;
        int step = labels.size() <= 1 ? 0 : (WIDTH - left - 30) / (labels.size() - 1);
        StringBuilder s = open(id, title, desc, height);
        legend(s);
        s.append("<line x1=\"").append(left).append("\" y1=\"").append(bottom).append("\" x2=\"").append(WIDTH - 20)
                .append("\" y2=\"").append(bottom).append("\" stroke=\"#333\"/>");
        s.append("<text x=\"").append(left - 6).append("\" y=\"").append(bottom).append("\" text-anchor=\"end\">0</text>");
        s.append("<text x=\"").append(left - 6).append("\" y=\"").append(bottom - plotHeight + 4)
                .append("\" text-anchor=\"end\">").append(Amounts.yuan(max)).append("</text>");
        for (int i = 0; i < labels.size(); i++) {
            s.append("<text x=\"").append(left + i * step).append("\" y=\"").append(bottom + 18)
                    .append("\" text-anchor=\"middle\">").append(escape(labels.get(i))).append("</text>");
        }
        series(s, left, step, bottom, plotHeight, max, labels, current, CURRENT, "现行", "");
        series(s, left, step, bottom, plotHeight, max, labels, candidate, CANDIDATE, "候选", " stroke-dasharray=\"6 3\"");
        return s.append("</svg>").toString();
    }

    private static void series(StringBuilder s, int left, int step, int bottom, int plotHeight, BigDecimal max,
                               List<String> labels, List<BigDecimal> values, String colour, String side, String dash) {
        StringBuilder points = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            int x = left + i * step;
            int y = bottom - (max.signum() <= 0 ? 0
                    : values.get(i).max(BigDecimal.ZERO).multiply(BigDecimal.valueOf(plotHeight)).divide(max, 0, RoundingMode.HALF_UP)
                    .intValue());
            points.append(i == 0 ? "" : " ").append(x).append(',').append(y);
            marks.append("<circle cx=\"").append(x).append("\" cy=\"").append(y).append("\" r=\"4\" fill=\"").append(colour)
                    .append("\"><title>").append(escape(side + " " + labels.get(i) + ":" + Amounts.yuan(values.get(i))))
                    .append("</title></circle>");
        }
        s.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"").append(dash)
                .append(" points=\"").append(points).append("\"/>").append(marks);
    }

    private static StringBuilder open(String id, String title, String desc, int height) {
        StringBuilder s = new StringBuilder(2048);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"chart\" id=\"").append(escape(id))
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" aria-labelledby=\"").append(escape(id)).append("-title ")
                .append(escape(id)).append("-desc\" font-size=\"12\">");
        s.append("<title id=\"").append(escape(id)).append("-title\">").append(escape(title)).append("</title>");
        s.append("<desc id=\"").append(escape(id)).append("-desc\">").append(escape(desc)).append("</desc>");
        return s;
    }

    /** Colour and pattern both: the candidate's line is dashed, and each bar's row is named in text beside it. */
    private static void legend(StringBuilder s) {
        s.append("<rect x=\"").append(LABEL).append("\" y=\"4\" width=\"12\" height=\"10\" fill=\"").append(CURRENT).append("\"/>")
                .append("<text x=\"").append(LABEL + 16).append("\" y=\"13\">现行政策</text>")
                .append("<rect x=\"").append(LABEL + 100).append("\" y=\"4\" width=\"12\" height=\"10\" fill=\"").append(CANDIDATE)
                .append("\"/>").append("<text x=\"").append(LABEL + 116).append("\" y=\"13\">候选政策</text>");
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
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

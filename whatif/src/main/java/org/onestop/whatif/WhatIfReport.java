package org.onestop.whatif;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.onestop.policy.Money;
import org.onestop.policy.RegionPolicy;
import org.onestop.policy.WarningRules;

/**
 * The what-if's result, current and candidate side by side, as JSON and as CSV: written here alone, so the API and
 * the Spark job answer byte-identical documents for the same person-years. Amounts are yuan strings with two decimals
 * (exact, from fen); shares are 4-decimal fractions rounded half-even.
 *
 * <p>Deciles are nearest-rank over the person-years' patient payments: the k-th decile is the value at position
 * ⌈k·n/10⌉ of the ascending list (none when there is no person-year).
 */
public final class WhatIfReport {

    private WhatIfReport() {
    }

    public static String json(WhatIf w, WhatIfTally t) {
        Json j = new Json();
        j.open('{');
        j.field("region").string(w.region());
        j.field("year").number(w.year());
        j.field("policies").open('{').field("current").string(w.current().version())
                .field("candidate").string(w.candidate().version()).close('}');
        j.field("personYears").number(t.personYears);
        j.field("discharges").number(t.discharges);
        j.field("fundOutlay");
        pair(j, t.funds[0], t.funds[1]);
        j.field("patientPays");
        pair(j, t.patientPays[0], t.patientPays[1]);
        j.field("byLayerAndFund").open('[');
        t.outlay.forEach((key, v) -> {
            String[] lf = key.split("\\|", -1);
            j.open('{').field("layer").string(lf[0]).field("fundCode").string(lf[1].isEmpty() ? null : lf[1]);
            amounts(j, v[0], v[1]);
            j.close('}');
        });
        j.close(']');
        Map<String, String> names = categoryNames(w);
        j.field("byCategory").open('[');
        t.byCategory.forEach((k, v) -> {
            // the policy file's own name of the category (the candidate's where it renamed one); none for NONE
            j.open('{').field("category").string(k).field("name").string(names.get(k));
            amounts(j, v[0], v[1]);
            j.close('}');
        });
        j.close(']');
        breakdown(j, "byCounty", "county", t.byCounty);
        j.field("warningLines").open('[');
        lines(w, t).forEach((line, v) -> j.open('{').field("line").string(line).field("current").number(v[0])
                .field("candidate").number(v[1]).close('}'));
        j.close(']');
        j.field("patientPaysDeciles").open('[');
        long[][] deciles = deciles(t);
        for (int k = 1; k <= 9; k++) {
            j.open('{').field("decile").number(k * 10L);
            j.field("current").string(deciles[0] == null ? null : yuan(deciles[0][k - 1]));
            j.field("candidate").string(deciles[1] == null ? null : yuan(deciles[1][k - 1])).close('}');
        }
        j.close(']');
        j.field("catastrophic").open('{').field("shareOfIncome").string(WhatIf.CATASTROPHIC_SHARE.toPlainString())
                .field("family").string("person-year (the books hold no household)");
        for (int side = 0; side < 2; side++) {
            Long line = w.catastrophicLine(side == 1);
            j.field(side == 0 ? "current" : "candidate").open('{')
                    .field("line").string(line == null ? null : yuan(line))
                    .field("personYears").number(t.catastrophic[side])
                    .field("share").string(line == null ? null : share(t.catastrophic[side], t.personYears)).close('}');
        }
        j.close('}');
        j.field("topChanges").open('[');
        for (WhatIfTally.Change c : t.top()) {
            j.open('{').field("personRef").string(c.personRef()).field("fundOutlay");
            pair(j, c.currentFunds(), c.candidateFunds());
            j.field("patientPays");
            pair(j, c.currentPatientPays(), c.candidatePatientPays());
            j.close('}');
        }
        j.close(']');
        j.close('}');
        return j.toString();
    }

    /** One row per figure: {@code section,key,detail,current,candidate,difference}. */
    public static String csv(WhatIf w, WhatIfTally t) {
        StringBuilder b = new StringBuilder("section,key,detail,current,candidate,difference\n");
        row(b, "total", "personYears", "", t.personYears, t.personYears, false);
        row(b, "total", "discharges", "", t.discharges, t.discharges, false);
        row(b, "total", "fundOutlay", "", t.funds[0], t.funds[1], true);
        row(b, "total", "patientPays", "", t.patientPays[0], t.patientPays[1], true);
        t.outlay.forEach((key, v) -> {
            String[] lf = key.split("\\|", -1);
            row(b, "layerAndFund", lf[0], lf[1], v[0], v[1], true);
        });
        Map<String, String> names = categoryNames(w);
        t.byCategory.forEach((k, v) -> row(b, "category", k, names.getOrDefault(k, ""), v[0], v[1], true));
        t.byCounty.forEach((k, v) -> row(b, "county", k, "", v[0], v[1], true));
        lines(w, t).forEach((k, v) -> row(b, "warningLine", k, "persons", v[0], v[1], false));
        long[][] deciles = deciles(t);
        if (deciles[0] != null) {
            for (int k = 1; k <= 9; k++) {
                row(b, "patientPaysDecile", Integer.toString(k * 10), "", deciles[0][k - 1], deciles[1][k - 1], true);
            }
        }
        row(b, "catastrophic", "personYears", "over " + WhatIf.CATASTROPHIC_SHARE.toPlainString() + " of income",
                t.catastrophic[0], t.catastrophic[1], false);
        for (WhatIfTally.Change c : t.top()) {
            row(b, "topChange", c.personRef(), "fundOutlay", c.currentFunds(), c.candidateFunds(), true);
            row(b, "topChange", c.personRef(), "patientPays", c.currentPatientPays(), c.candidatePatientPays(), true);
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String section, String key, String detail, long current, long candidate,
                            boolean money) {
        b.append(section).append(',').append(key).append(',').append(detail).append(',')
                .append(money ? yuan(current) : Long.toString(current)).append(',')
                .append(money ? yuan(candidate) : Long.toString(candidate)).append(',')
                .append(money ? yuan(candidate - current) : Long.toString(candidate - current)).append('\n');
    }

    /** Every line of either policy (zero when no one reaches it), and any other line counted. */
    private static Map<String, long[]> lines(WhatIf w, WhatIfTally t) {
        Map<String, long[]> all = new TreeMap<>();
        for (RegionPolicy p : List.of(w.current(), w.candidate())) {
            p.warnings().ifPresent(rules -> {
                for (WarningRules.Line l : rules.lines()) {
                    all.put(l.id(), new long[2]);
                }
            });
        }
        t.lines.forEach((k, v) -> all.put(k, v.clone()));
        return all;
    }

    private static long[][] deciles(WhatIfTally t) {
        long[][] out = new long[2][];
        if (t.paidSize == 0) {
            return out;
        }
        for (int side = 0; side < 2; side++) {
            long[] sorted = t.sortedPaid(side);
            out[side] = new long[9];
            for (int k = 1; k <= 9; k++) {
                int rank = (int) ((k * (long) sorted.length + 9) / 10); // ⌈k·n/10⌉
                out[side][k - 1] = sorted[rank - 1];
            }
        }
        return out;
    }

    /** Category id → name under both policies, the candidate's name winning. */
    static Map<String, String> categoryNames(WhatIf w) {
        Map<String, String> names = new HashMap<>(w.current().categoryNames());
        names.putAll(w.candidate().categoryNames());
        return names;
    }

    private static void breakdown(Json j, String name, String key, Map<String, long[]> values) {
        j.field(name).open('[');
        values.forEach((k, v) -> {
            j.open('{').field(key).string(k);
            amounts(j, v[0], v[1]);
            j.close('}');
        });
        j.close(']');
    }

    private static void pair(Json j, long current, long candidate) {
        j.open('{');
        amounts(j, current, candidate);
        j.close('}');
    }

    private static void amounts(Json j, long current, long candidate) {
        j.field("current").string(yuan(current)).field("candidate").string(yuan(candidate))
                .field("difference").string(yuan(candidate - current));
    }

    static String yuan(long fen) {
        return Money.ofFen(fen).toString();
    }

    private static String share(long part, long whole) {
        if (whole == 0) {
            return null;
        }
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** A minimal JSON writer: fields in the order written, so equal tallies give equal text. */
    private static final class Json {

        private final StringBuilder b = new StringBuilder();
        private final List<Boolean> first = new ArrayList<>();
        private boolean afterName;

        Json open(char c) {
            separate();
            b.append(c);
            first.add(true);
            return this;
        }

        Json close(char c) {
            first.remove(first.size() - 1);
            b.append(c);
            return this;
        }

        Json field(String name) {
            separate();
            quote(name);
            b.append(':');
            afterName = true;
            return this;
        }

        Json string(String value) {
            separate();
            if (value == null) {
                b.append("null");
            } else {
                quote(value);
            }
            return this;
        }

        Json number(long value) {
            separate();
            b.append(value);
            return this;
        }

        private void separate() {
            if (afterName) {
                afterName = false;
                return;
            }
            if (!first.isEmpty()) {
                int top = first.size() - 1;
                if (!first.get(top)) {
                    b.append(',');
                }
                first.set(top, false);
            }
        }

        private void quote(String s) {
            b.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }

        @Override
        public String toString() {
            return b.toString();
        }
    }
}

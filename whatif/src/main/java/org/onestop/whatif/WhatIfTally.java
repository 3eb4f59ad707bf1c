package org.onestop.whatif;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The side-by-side sums of many person-years, mergeable in any grouping and order with the same result (sums, sorted
 * samples, a top list under a total order): one per worker thread in the API, one per partition in the Spark job,
 * merged at the end. Not thread-safe. Amounts in fen; index 0 of every pair is the current policy, 1 the candidate.
 */
public final class WhatIfTally implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** How many person-years the result lists as changing most. */
    public static final int TOP = 20;

    long personYears;
    long discharges;
    final long[] funds = new long[2];
    final long[] patientPays = new long[2];
    final long[] catastrophic = new long[2];
    final TreeMap<String, long[]> outlay = new TreeMap<>();
    final TreeMap<String, long[]> byCategory = new TreeMap<>();
    final TreeMap<String, long[]> byCounty = new TreeMap<>();
    final TreeMap<String, long[]> lines = new TreeMap<>();
    long[][] paid = {new long[16], new long[16]};
    int paidSize;
    ArrayList<Change> top = new ArrayList<>();

    /**
     * A person-year whose fund outlay changes (fen): ranked by the size of the change, then by personRef.
     */
    public record Change(String personRef, long currentFunds, long candidateFunds, long currentPatientPays,
                         long candidatePatientPays) implements Serializable {

        static final Comparator<Change> RANK = Comparator
                .comparingLong((Change c) -> -Math.abs(c.candidateFunds - c.currentFunds))
                .thenComparing(c -> -Math.abs(c.candidatePatientPays - c.currentPatientPays))
                .thenComparing(Change::personRef);
    }

    public WhatIfTally add(PersonYear y) {
        personYears++;
        discharges += y.discharges();
        side(0, y.current());
        side(1, y.candidate());
        if (paidSize == paid[0].length) {
            paid[0] = Arrays.copyOf(paid[0], paidSize * 2);
            paid[1] = Arrays.copyOf(paid[1], paidSize * 2);
        }
        paid[0][paidSize] = y.current().patientPays();
        paid[1][paidSize] = y.candidate().patientPays();
        paidSize++;
        Change c = new Change(y.personRef(), y.current().funds(), y.candidate().funds(), y.current().patientPays(),
                y.candidate().patientPays());
        if (c.currentFunds != c.candidateFunds || c.currentPatientPays != c.candidatePatientPays) {
            top.add(c);
            if (top.size() > 4 * TOP) {
                trim();
            }
        }
        return this;
    }

    private void side(int i, PersonYear.Side s) {
        funds[i] += s.funds();
        patientPays[i] += s.patientPays();
        if (Boolean.TRUE.equals(s.catastrophic())) {
            catastrophic[i]++;
        }
        add(outlay, s.outlay(), i);
        add(byCategory, s.byCategory(), i);
        add(byCounty, s.byCounty(), i);
        for (String line : s.lines()) {
            lines.computeIfAbsent(line, k -> new long[2])[i]++;
        }
    }

    private static void add(TreeMap<String, long[]> into, Map<String, Long> from, int i) {
        from.forEach((k, v) -> into.computeIfAbsent(k, x -> new long[2])[i] += v);
    }

    /** This tally plus {@code other}'s (which is left as it was). */
    public WhatIfTally merge(WhatIfTally other) {
        personYears += other.personYears;
        discharges += other.discharges;
        for (int i = 0; i < 2; i++) {
            funds[i] += other.funds[i];
            patientPays[i] += other.patientPays[i];
            catastrophic[i] += other.catastrophic[i];
        }
        merge(outlay, other.outlay);
        merge(byCategory, other.byCategory);
        merge(byCounty, other.byCounty);
        merge(lines, other.lines);
        for (int i = 0; i < 2; i++) {
            long[] joined = Arrays.copyOf(paid[i], paidSize + other.paidSize);
            System.arraycopy(other.paid[i], 0, joined, paidSize, other.paidSize);
            paid[i] = joined;
        }
        paidSize += other.paidSize;
        top.addAll(other.top);
        trim();
        return this;
    }

    private static void merge(TreeMap<String, long[]> into, TreeMap<String, long[]> from) {
        from.forEach((k, v) -> {
            long[] sum = into.computeIfAbsent(k, x -> new long[2]);
            sum[0] += v[0];
            sum[1] += v[1];
        });
    }

    private void trim() {
        top.sort(Change.RANK);
        if (top.size() > TOP) {
            top = new ArrayList<>(top.subList(0, TOP));
        }
    }

    /** The person-years that change most, most first (at most {@value #TOP}). */
    List<Change> top() {
        trim();
        return List.copyOf(top);
    }

    /** Each side's patient payments per person-year, sorted ascending. */
    long[] sortedPaid(int side) {
        long[] sorted = Arrays.copyOf(paid[side], paidSize);
        Arrays.sort(sorted);
        return sorted;
    }
}

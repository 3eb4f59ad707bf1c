package org.onestop.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.onestop.policy.Discharge;
import org.onestop.policy.HospitalLevel;
import org.onestop.policy.IdentityPeriod;
import org.onestop.policy.InsuranceType;
import org.onestop.policy.Ledger;
import org.onestop.policy.PersonContext;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.VisitType;

/**
 * The what-if's speed (docs/benchmarks.md "Policy what-if"): generated discharges of one region-year (Jiujiang 2025)
 * replayed under the current and a candidate policy on every core, tallied and written as the result document. Not
 * part of {@code verify} (the name matches no surefire include); run alone:
 * <pre>
 * ./mvnw -B -ntp -o -pl whatif -am verify -Dtest=WhatIfBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *   -DargLine=-Xmx3g [-Dwhatif.bench.discharges=1000000]
 * </pre>
 */
class WhatIfBenchmark {

    private static final VisitType[] VISITS = {VisitType.INPATIENT, VisitType.INPATIENT, VisitType.INPATIENT,
            VisitType.CHRONIC_OUTPATIENT, VisitType.MAJOR_ILLNESS_OUTPATIENT};
    private static final String[] IDENTITIES = {"DIBAO", "TEKUN", "DIBAO_MARGINAL", "ILLNESS_POOR", "RETURNED_TO_POVERTY"};

    @Test
    void replaysAMillionDischargesOfOneRegionYear() throws Exception {
        int discharges = Integer.getInteger("whatif.bench.discharges", 1_000_000);
        List<PersonHistory> books = generate(discharges, new SplittableRandom(16));
        WhatIf w = new WhatIf(PolicyCatalog.loadDefault(), "360400", 2025, CandidatePolicy.ofOverrides("jiujiang-2022",
                Map.of(), Map.of("assistance.categories.class2.bands[0].ratio", "80%")).policy());
        int threads = Runtime.getRuntime().availableProcessors();
        List<Thread> workers = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "what-if-bench");
            workers.add(t);
            return t;
        });
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try {
            // warm-up: the whole set once (on a loaded machine the JIT's compiler threads get little CPU), then measured
            WhatIfRunner.tally(w, books, pool, threads, () -> false);
            long cpuBefore = cpuNanos(cpu, workers);
            long start = System.nanoTime();
            WhatIfTally t = WhatIfRunner.tally(w, books, pool, threads, () -> false);
            String json = WhatIfReport.json(w, t);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (cpuNanos(cpu, workers) - cpuBefore) / 1e9;
            System.out.printf("what-if benchmark: %d discharges, %d person-years, %d threads: %.2f s wall, %.0f person-years/s, "
                            + "%.0f discharges/s (2 settlements each: current and candidate); worker CPU %.2f s = %.0f "
                            + "person-years per CPU-second, %.2f s on %d idle cores%n", t.discharges, t.personYears,
                    threads, seconds, t.personYears / seconds, t.discharges / seconds, cpuSeconds, t.personYears / cpuSeconds,
                    cpuSeconds / threads, threads);
            // the engine alone, one thread, the same discharges once each on an empty ledger: the floor of the replay
            PolicyCatalog catalog = PolicyCatalog.loadDefault();
            long engineCpu = cpu.getCurrentThreadCpuTime();
            long settled = 0;
            for (PersonHistory h : books) {
                PersonContext context = new PersonContext(h.identities(), List.of());
                for (PersonHistory.Booked b : h.entries()) {
                    catalog.settle(b.discharge(), context, Ledger.EMPTY);
                    settled++;
                }
            }
            double engineSeconds = (cpu.getCurrentThreadCpuTime() - engineCpu) / 1e9;
            System.out.printf("engine alone: %d settlements in %.2f CPU s = %.0f settlements per CPU-second%n", settled,
                    engineSeconds, settled / engineSeconds);
            assertThat(t.discharges).isEqualTo(discharges);
            assertThat(json).contains("\"personYears\":" + books.size());
        } finally {
            pool.shutdown();
        }
    }

    private static long cpuNanos(ThreadMXBean cpu, List<Thread> workers) {
        long sum = 0;
        for (Thread t : workers) {
            sum += Math.max(0, cpu.getThreadCpuTime(t.getId()));
        }
        return sum;
    }

    /** Persons with 1–4 discharges (2.5 on average) in 2025 across Jiujiang's counties; a quarter hold an identity. */
    private static List<PersonHistory> generate(int discharges, SplittableRandom r) {
        List<PersonHistory> books = new ArrayList<>();
        long seq = 0;
        int left = discharges;
        while (left > 0) {
            int n = Math.min(left, 1 + r.nextInt(4));
            left -= n;
            List<IdentityPeriod> ids = r.nextInt(4) == 0
                    ? List.of(IdentityPeriod.open(IDENTITIES[r.nextInt(IDENTITIES.length)], LocalDate.of(2024, 1, 1)))
                    : List.of();
            List<PersonHistory.Booked> entries = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                LocalDate out = LocalDate.of(2025, 1, 1).plusDays(r.nextInt(360));
                long fen = 50_000 + r.nextLong(8_000_000);
                Discharge d = Discharge.builder("36040" + (1 + r.nextInt(9)), out).admissionDate(out.minusDays(r.nextInt(15)))
                        .insurance(r.nextInt(5) == 0 ? InsuranceType.EMPLOYEE : InsuranceType.RESIDENT)
                        .visit(VISITS[r.nextInt(VISITS.length)]).level(HospitalLevel.values()[r.nextInt(3)])
                        .cost(fen / 100 + "." + String.format("%02d", fen % 100)).bedDays(1 + r.nextInt(20)).build();
                entries.add(new PersonHistory.Booked("s" + seq, seq++, d));
            }
            books.add(new PersonHistory(String.format("%064x", books.size()), ids, List.of(), entries));
        }
        return books;
    }
}

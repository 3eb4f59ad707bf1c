package org.onestop.monitoring.warning;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.onestop.policy.InsuranceType;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.RegionPolicy;
import org.onestop.policy.VisitType;

/**
 * Settlement events per second absorbed by the warning logic (burden update + line evaluation over the real policy
 * files, warnings raised as lines are reached), in memory, one thread. Not part of {@code verify} (the name does not
 * end in Test); run with:
 * {@code ./mvnw -q -pl monitoring-service -am test -Dtest=WarningThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
class WarningThroughputBenchmark {

    @Test
    void absorbSettlementEvents() {
        PolicyCatalog catalog = PolicyCatalog.loadDefault();
        WarningLines lines = new WarningLines(catalog);
        String[] regions = {"210102", "370602", "652801", "360402", "140105"};
        String[][] identities = {{"DIBAO"}, {}, {"DIBAO_MARGINAL"}, {"ILLNESS_POOR"}, {"MARGINAL_AT_RISK"}};
        VisitType[] types = {VisitType.INPATIENT, VisitType.CHRONIC_OUTPATIENT, VisitType.SPECIAL_DRUG, VisitType.ORDINARY_OUTPATIENT};
        int persons = 100_000;
        int events = 2_000_000;
        SplittableRandom random = new SplittableRandom(42);
        LocalDate date = LocalDate.of(2026, 6, 1);
        Map<Integer, Composition> burdens = new HashMap<>();
        Map<Integer, Set<String>> raised = new HashMap<>();
        Map<String, RegionPolicy> policies = new HashMap<>();
        for (String r : regions) {
            policies.put(r, lines.policyFor(r, date));
        }
        for (int round = 0; round < 3; round++) {
            burdens.clear();
            raised.clear();
            long warnings = 0;
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                int person = random.nextInt(persons);
                String region = regions[person % regions.length];
                Set<String> ids = Set.of(identities[(person / 5) % identities.length]);
                long delta = random.nextInt(10) == 0 ? -random.nextInt(100_000) : random.nextInt(300_000); // fen
                Composition c = burdens.getOrDefault(person, Composition.EMPTY).plus(types[i & 3], delta, delta / 2);
                burdens.put(person, c);
                Set<String> done = raised.computeIfAbsent(person, k -> new HashSet<>(2));
                List<Crossing> reached = lines.reached(policies.get(region), date, InsuranceType.RESIDENT, ids, c, done);
                for (Crossing x : reached) {
                    done.add(x.line().id());
                    warnings++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %,d settlement events in %.2f s = %,.0f events/s, %,d warnings raised%n",
                    round, events, seconds, events / seconds, warnings);
        }
    }
}

package org.onestop.policy;

import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Discharges settled per second on one thread: a typical inpatient case (Jiujiang class 2, computed
 * insurance, tilted assistance granted) on a ledger that already holds two earlier stays; and policy loading.
 * Run: see docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SettleBenchmark {

    PolicyCatalog catalog;
    RegionPolicy jiujiang;
    Discharge discharge;
    PersonContext person;
    Ledger ledger;

    @Setup
    public void setUp() {
        catalog = PolicyCatalog.loadDefault();
        jiujiang = catalog.policyFor("360400", LocalDate.parse("2023-06-01"));
        person = PersonContext.of(IdentityPeriod.open("DIBAO", LocalDate.parse("2023-01-01")))
                .withGrant(new Grant("g1", "TILTED", LocalDate.parse("2023-02-01")));
        Ledger l = Ledger.EMPTY;
        for (String date : new String[] {"2023-02-10", "2023-04-20"}) {
            l = jiujiang.settle(Discharge.builder("360402", LocalDate.parse(date)).cost("18000.00", "1200.00", "800.00").build(), person, l).ledgerAfter();
        }
        ledger = l;
        discharge = Discharge.builder("360402", LocalDate.parse("2023-06-01"))
                .admissionDate(LocalDate.parse("2023-05-20")).level(HospitalLevel.TERTIARY)
                .cost("36500.00", "2300.50", "1200.00").bedDays(12).build();
    }

    @Benchmark
    public Settlement settleTypicalInpatientWithLedger() {
        return jiujiang.settle(discharge, person, ledger);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 10)
    public PolicyCatalog loadAllFivePolicies() {
        return PolicyCatalog.loadDefault();
    }
}

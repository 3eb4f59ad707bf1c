package org.onestop.monitoring;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.onestop.events.SettlementCompleted;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * End to end: settlement events produced to {@code settlement.completed.v1}, absorbed by the running service (dedupe,
 * burden, lines, warnings with outbox rows) against the real broker and PostgreSQL. Not part of {@code verify}; run with
 * {@code ./mvnw -q -pl monitoring-service -am test -Dtest=AbsorbThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.events=20000}
 *
 * <p>By default the clock runs from the first send, so producing (same JVM, same two cores) is part of the figure.
 * With {@code -Dbench.backlog=true} the binding is paused while the events are produced and the clock starts when it
 * resumes: the service draining a backlog, which is what it does after a restart or a burst.
 */
class AbsorbThroughputBenchmark extends MonitoringIntegrationTest {

    @Autowired
    MeterRegistry meters;
    @Autowired
    org.springframework.cloud.stream.binding.BindingsLifecycleController bindings;

    @Override
    @Test
    void liaoningDibaoResidentIsWarnedOnceRoutedAcknowledgedAndResolvedWhileTheWebhookRecovers() {
        // not repeated here
    }

    @Override
    @Test
    void unreadableRecordsAreDeadLetteredWithAReasonAndConsumptionContinues() {
        // not repeated here
    }

    @Override
    @Test
    void aPollMixingPersonsADuplicateAndAnInvalidRecordIsAbsorbedInOneGo() {
        // not repeated here
    }

    @Override
    @Test
    void aPollOfIdentityEventsIsAbsorbedInOneGoAsIfOneByOne() {
        // not repeated here
    }

    /**
     * Identity events (a 低保 grant each, to distinct persons with no warning) drained from a backlog: the binding is
     * paused while they are produced and the clock starts when it resumes. {@code -Dbench.events} sets the count.
     */
    @Test
    void absorbIdentityEvents() throws Exception {
        int events = Integer.getInteger("bench.events", 20_000);
        List<byte[]> keys = new ArrayList<>(events);
        List<byte[]> values = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            String person = newPersonRef();
            keys.add(person.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            values.add(json.writeValueAsBytes(identity(person, "210102", org.onestop.events.Department.CIVIL_AFFAIRS,
                    org.onestop.events.IdentityType.DIBAO, org.onestop.events.ChangeKind.NEW, LocalDate.of(2026, 1, 1))));
        }
        double before = applied("identity.changed.v1");
        bindings.pause("identityChanged-in-0");
        Thread.sleep(2000);
        List<Future<?>> acks = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            acks.add(producer(org.onestop.infra.embedded.KafkaAccess.IDENTITY)
                    .send(new ProducerRecord<>("identity.changed.v1", keys.get(i), values.get(i))));
        }
        for (Future<?> f : acks) {
            f.get();
        }
        long start = System.nanoTime();
        bindings.resume("identityChanged-in-0");
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> applied("identity.changed.v1") - before >= events);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("ABSORB (backlog): %,d identity events absorbed in %.2f s = %,.0f events/s%n", events, seconds,
                events / seconds);
    }

    @Test
    void absorbSettlementEvents() throws Exception {
        int events = Integer.getInteger("bench.events", 20_000);
        int persons = Math.max(1, events / 4);
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < persons; i++) {
            refs.add(newPersonRef());
        }
        double before = applied();
        List<byte[]> values = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            String person = refs.get(i % persons);
            // 4 discharges of 1,500 after insurance per person: an ordinary Liaoning resident reaches no line, so use
            // Bayingolin's class-4/everyone-else line 10,630 with 3,000 each → a warning at the 4th for every person
            values.add(json.writeValueAsBytes(settled(person, "652801", "INPATIENT", "RESIDENT", LocalDate.of(2026, 3, 1),
                    "3000.00", "0")));
        }
        boolean backlog = Boolean.getBoolean("bench.backlog");
        if (backlog) {
            bindings.pause("settlementCompleted-in-0");
            Thread.sleep(2000); // the poll in flight, if any, is over
        }
        long start = System.nanoTime();
        List<Future<?>> acks = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            String person = refs.get(i % persons);
            acks.add(producer().send(new ProducerRecord<>("settlement.completed.v1",
                    person.getBytes(java.nio.charset.StandardCharsets.UTF_8), values.get(i))));
        }
        for (Future<?> f : acks) {
            f.get();
        }
        double produced = (System.nanoTime() - start) / 1e9;
        if (backlog) {
            if (applied() - before > 0) {
                throw new IllegalStateException("events were absorbed while the binding was paused");
            }
            start = System.nanoTime();
            bindings.resume("settlementCompleted-in-0");
        }
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200)).until(() -> applied() - before >= events);
        double seconds = (System.nanoTime() - start) / 1e9;
        double warnings = meters.find("onestop.monitoring.warnings.raised").counters().stream().mapToDouble(c -> c.count()).sum();
        Long stored = db.sql("select count(*) from warning").map((row, meta) -> row.get(0, Long.class)).one()
                .block(Duration.ofSeconds(30));
        System.out.printf("ABSORB%s: %,d settlement events (%,d persons) produced in %.1f s, absorbed in %.1f s = %,.0f events/s;"
                        + " %,.0f warnings raised (%,d warning rows)%n", backlog ? " (backlog)" : "", events, persons, produced,
                seconds, events / seconds, warnings, stored);
    }

    private double applied() {
        return applied("settlement.completed.v1");
    }

    private double applied(String topic) {
        return meters.find("onestop.monitoring.events").tag("topic", topic).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}

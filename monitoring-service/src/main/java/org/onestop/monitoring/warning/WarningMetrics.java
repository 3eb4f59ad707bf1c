package org.onestop.monitoring.warning;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The feature's meters. Labels are bounded: region (5 policy regions), line (the files' line ids), department (3),
 * topic, outcome — never a person.
 */
@Component
public class WarningMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final MultiGauge open;
    private final Timer absorb;

    WarningMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.open = MultiGauge.builder("onestop.monitoring.warnings.open")
                .description("Warnings not yet resolved, by policy region, line and department routed to")
                .register(registry);
        this.absorb = Timer.builder("onestop.monitoring.absorb.latency")
                .description("Time to absorb one identity event, or one poll of settlement events, in its database transaction")
                .register(registry);
        // zero series for the bounded label sets, so rates and alerts have data before the first event
        for (String topic : java.util.List.of("settlement.completed.v1", "identity.changed.v1")) {
            for (String outcome : java.util.List.of("applied", "duplicate", "unplaced", "ignored")) {
                counter("onestop.monitoring.events", "Events consumed, by topic and outcome", "topic", topic, "outcome", outcome);
            }
            for (String reason : java.util.List.of("MALFORMED_JSON", "INVALID_EVENT", "KEY_MISMATCH", "PROCESSING_FAILED")) {
                counter("onestop.monitoring.dead.letters", "Records sent to a dead-letter topic, by source topic and reason code",
                        "topic", topic, "reason", reason);
            }
        }
    }

    /** A warning raised (once per person, year and line). */
    void raised(String region, String line) {
        counter("onestop.monitoring.warnings.raised", "Warnings raised, by policy region and line",
                "region", region, "line", line).increment();
    }

    /** Registers the raised counter of a line at zero, so rate() and increase() have a series before the first warning. */
    void raisedZero(String region, String line) {
        counter("onestop.monitoring.warnings.raised", "Warnings raised, by policy region and line",
                "region", region, "line", line);
    }

    /** A raised warning routed to a department (a warning to two departments counts once for each). */
    void routed(String region, String line, String department) {
        counter("onestop.monitoring.warnings.routed", "Warnings routed to a department, by policy region, line and department",
                "region", region, "line", line, "department", department).increment();
    }

    void resolved(String region, String line) {
        counter("onestop.monitoring.warnings.resolved", "Warnings resolved by an identity grant, by policy region and line",
                "region", region, "line", line).increment();
    }

    /** An event absorbed from a topic: applied, duplicate, unplaced (a cancellation of a settlement not seen yet). */
    public void event(String topic, String outcome) {
        counter("onestop.monitoring.events", "Events consumed, by topic and outcome", "topic", topic, "outcome", outcome)
                .increment();
    }

    /** {@code n} events of a poll absorbed with the same outcome. */
    public void event(String topic, String outcome, int n) {
        counter("onestop.monitoring.events", "Events consumed, by topic and outcome", "topic", topic, "outcome", outcome)
                .increment(n);
    }

    public void deadLetter(String topic, String reason) {
        counter("onestop.monitoring.dead.letters", "Records sent to a dead-letter topic, by source topic and reason code",
                "topic", topic, "reason", reason).increment();
    }

    Timer absorbTimer() {
        return absorb;
    }

    /** Replaces the open-warnings gauge rows with a fresh count from the database. */
    void open(List<OpenCount> counts) {
        open.register(counts.stream()
                .map(c -> MultiGauge.Row.of(Tags.of("region", c.region(), "line", c.line(), "department", c.department()),
                        c.count()))
                .toList(), true);
    }

    record OpenCount(String region, String line, String department, long count) {
    }

    private Counter counter(String name, String description, String... tags) {
        String key = name + String.join("|", tags);
        return counters.computeIfAbsent(key, k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}

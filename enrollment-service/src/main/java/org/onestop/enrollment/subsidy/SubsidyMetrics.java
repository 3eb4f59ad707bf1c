package org.onestop.enrollment.subsidy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Subsidies and refunds by region, category and amount; held events; dead letters. Tags are codes only (policy
 * region, identity type, change, reason), never a person. Consumer lag comes from Kafka's own consumer metrics
 * ({@code kafka_consumer_fetch_manager_records_lag_max}).
 */
@Component
public class SubsidyMetrics {

    private final MeterRegistry registry;

    SubsidyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void changes(List<SubsidyChange> changes) {
        for (SubsidyChange c : changes) {
            YearDecision d = c.decision();
            List<String> tags = List.of("region", d.policyRegion(), "category", d.identityType().name(), "change",
                    c.change().name());
            String base = c.change() == org.onestop.events.EnrollmentSubsidyChanged.Change.REFUND_DUE
                    ? "onestop.enrollment.refunds" : "onestop.enrollment.subsidies";
            Counter.builder(base).description("Subsidy decisions announced").tags(tags.toArray(String[]::new))
                    .register(registry).increment();
            Counter.builder(base + ".amount").baseUnit("yuan").description("Yuan of those decisions")
                    .tags(tags.toArray(String[]::new)).register(registry).increment(c.amount().yuan().doubleValue());
        }
    }

    void identityEvents(String outcome, int n) {
        if (n > 0) {
            Counter.builder("onestop.enrollment.identity.events").description("Identity events by outcome")
                    .tag("outcome", outcome).register(registry).increment(n);
        }
    }

    public void deadLetter(String reason) {
        Counter.builder("onestop.enrollment.dead.letters").description("Records sent to the dead-letter topic")
                .tag("reason", reason).register(registry).increment();
    }
}

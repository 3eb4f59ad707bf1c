package org.onestop.identity.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.onestop.events.Department;
import org.springframework.stereotype.Component;

/**
 * {@code onestop_identity_rows_total{department,outcome,reason}}: the labels are bounded (three departments,
 * two outcomes, the {@link RowReason} codes), never a person.
 */
@Component
class RowMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    RowMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(Department department, RowReason reasonOrNull, long n) {
        if (n == 0) {
            return;
        }
        String outcome = reasonOrNull == null ? "accepted" : "rejected";
        String reason = reasonOrNull == null ? "none" : reasonOrNull.code();
        counters.computeIfAbsent(department + "|" + outcome + "|" + reason, k -> Counter.builder("onestop.identity.rows")
                .description("Identity rows received, by outcome and rejection reason")
                .tag("department", department.name())
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry)).increment(n);
    }
}

package org.onestop.settlement.settle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import org.onestop.settlement.book.Payment;
import org.springframework.stereotype.Component;

/**
 * The service's meters. Labels are bounded (policy region, outcome, fund code, layer, reason); never a person, a
 * hospital reference or an amount.
 */
@Component
public class SettlementMetrics {

    private final MeterRegistry registry;
    private final Timer settleTimer;

    SettlementMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.settleTimer = Timer.builder("onestop.settlement.settle.latency")
                .description("From a validated settle request to its committed answer (HTTP and bulk)")
                .publishPercentileHistogram().register(registry);
    }

    public Timer settleTimer() {
        return settleTimer;
    }

    /** outcome: settled | replayed | conflict | rejected | reversed | previewed */
    public void settlement(String policyRegion, String outcome) {
        Counter.builder("onestop.settlement.settlements").description("Settle requests by policy region and outcome")
                .tag("region", policyRegion == null ? "unknown" : policyRegion).tag("outcome", outcome).register(registry).increment();
    }

    /** Money moved per fund code and kind (ORIGINAL, ADJUSTMENT, REVERSAL), in fen; adjustments also counted by reason. */
    public void payments(List<Payment> lines, String reason) {
        for (Payment p : lines) {
            String fund = p.fundCode() == null ? "none" : p.fundCode();
            Counter.builder("onestop.settlement.paid.fen").description("Money moved, in fen (may go down on reversals)")
                    .tag("fund", fund).tag("layer", p.layer().name()).tag("kind", p.kind().name()).register(registry)
                    .increment(Math.abs(p.amount().fen()));
            if (p.kind() == Payment.Kind.ADJUSTMENT) {
                Counter.builder("onestop.settlement.adjustments").description("Adjustment lines issued (补付/追回)")
                        .tag("layer", p.layer().name()).tag("reason", reason == null ? "none" : reason)
                        .tag("direction", p.amount().isNegative() ? "recover" : "pay").register(registry).increment();
            }
        }
    }

    /** Payment lines of one operation with the reason of its adjustments, counted once the operation committed. */
    public record Moved(List<Payment> lines, String reason) {
    }

    public void deadLetter(String topic, String reason) {
        Counter.builder("onestop.settlement.dead.letters").description("Records sent to a dead-letter topic")
                .tag("topic", topic).tag("reason", reason).register(registry).increment();
    }
}

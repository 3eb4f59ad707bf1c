package org.onestop.monitoring.warning;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.onestop.monitoring.MonitoringProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Recounts open warnings by region, line and department every {@code gauge-refresh} (a count from the database survives
 * restarts and other instances; an in-memory tally would not). Every line of the policy files has a row, zero when
 * nothing is open, and every (region, line) its raised counter from the start, so dashboards never see "no data".
 */
@Component
class OpenWarningsGauge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OpenWarningsGauge.class);

    private final WarningQueries queries;
    private final WarningMetrics metrics;
    private final Duration every;
    private ScheduledExecutorService task;

    OpenWarningsGauge(WarningQueries queries, WarningMetrics metrics, MonitoringProperties properties) {
        this.queries = queries;
        this.metrics = metrics;
        this.every = properties.gaugeRefresh();
    }

    @Override
    public void start() {
        List<WarningMetrics.OpenCount> zero = queries.allLines();
        zero.forEach(c -> {
            metrics.raisedZero(c.region(), c.line());
        });
        metrics.open(zero);
        task = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "open-warnings-gauge");
            t.setDaemon(true);
            return t;
        });
        // its own thread, blocking on R2DBC deliberately: a recount is a small periodic query, not a stream
        task.scheduleWithFixedDelay(() -> {
            try {
                List<WarningMetrics.OpenCount> counts = queries.openCounts().collectList().block(Duration.ofSeconds(30));
                Map<String, WarningMetrics.OpenCount> rows = new LinkedHashMap<>();
                zero.forEach(c -> rows.put(c.region() + "|" + c.line() + "|" + c.department(), c));
                if (counts != null) {
                    counts.forEach(c -> rows.put(c.region() + "|" + c.line() + "|" + c.department(), c));
                }
                metrics.open(List.copyOf(rows.values()));
            } catch (RuntimeException e) {
                log.warn("counting open warnings failed: {}", e.toString());
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (task != null) {
            task.shutdownNow();
            task = null;
        }
    }

    @Override
    public boolean isRunning() {
        return task != null;
    }
}

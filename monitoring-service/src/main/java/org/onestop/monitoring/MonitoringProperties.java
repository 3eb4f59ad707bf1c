package org.onestop.monitoring;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code onestop.monitoring.*}.
 *
 * @param group        consumer group id (also names the dead-letter topics {@code <topic>.<group>.dlq})
 * @param policy       overrides of policy parameters, {@code "<version>.<path>" → "value | clause"} (e.g. Jiujiang's line)
 * @param outbox       the partitions of {@code monitoring.alert.v1} (the relay itself is {@code onestop.messaging.outbox.*})
 * @param webhooks     per department ({@code CIVIL_AFFAIRS}, …) the URL warnings are POSTed to; absent = no webhook
 * @param delivery     the webhook delivery scheduler: backoff and circuit breaker
 * @param gaugeRefresh how often the open-warnings gauge is recounted from the database
 */
@ConfigurationProperties("onestop.monitoring")
public record MonitoringProperties(
        @DefaultValue("monitoring-service") String group,
        @DefaultValue Map<String, String> policy,
        @DefaultValue Outbox outbox,
        @DefaultValue Map<String, String> webhooks,
        @DefaultValue Delivery delivery,
        @DefaultValue("15s") Duration gaugeRefresh) {

    public record Outbox(@DefaultValue("6") int partitions) {
    }

    /**
     * @param pollInterval          how often due deliveries are looked for
     * @param initialBackoff        the wait after the first failure; doubles per failure up to {@code maxBackoff}
     * @param maxBackoff            the longest wait between two attempts (a delivery is never given up)
     * @param timeout               HTTP connect and request timeout
     * @param failureRateThreshold  percent of failed calls that opens a department's circuit
     * @param minimumCalls          calls before the failure rate counts
     * @param openWait              how long an open circuit rejects calls before letting a probe through
     * @param claimSize             deliveries one replica claims per round
     * @param claimLease            how long a claim holds: a replica that dies holding rows leaves them to the others
     *                              after at most this long; it must exceed a few request timeouts
     */
    public record Delivery(@DefaultValue("500ms") Duration pollInterval, @DefaultValue("1s") Duration initialBackoff,
                           @DefaultValue("5m") Duration maxBackoff, @DefaultValue("5s") Duration timeout,
                           @DefaultValue("50") float failureRateThreshold, @DefaultValue("4") int minimumCalls,
                           @DefaultValue("30s") Duration openWait, @DefaultValue("20") int claimSize,
                           @DefaultValue("1m") Duration claimLease) {

        public Delivery {
            if (claimLease.compareTo(timeout.multipliedBy(3)) < 0) {
                throw new IllegalStateException(
                        "onestop.monitoring.delivery.claim-lease must be at least three request timeouts");
            }
            if (claimSize < 1) {
                throw new IllegalStateException("onestop.monitoring.delivery.claim-size must be at least 1");
            }
        }
    }
}

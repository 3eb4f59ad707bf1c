package org.onestop.settlement;

import java.time.ZoneId;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code onestop.settlement.*}.
 *
 * @param policyOverrides assumed policy figures overridden by configuration, keyed {@code <version>.<path>}
 *                        (see {@code PolicyCatalog.loadDefault(Map)}), e.g. {@code jiujiang-2022.assumptions.income.2025}
 * @param zone            the calendar "today" is taken in (future-date checks)
 * @param outbox          the topic this service announces on (the relay itself is {@code onestop.messaging.outbox.*})
 * @param group           consumer group of this service's bindings (names its dead-letter topics)
 */
@ConfigurationProperties("onestop.settlement")
public record SettlementProperties(
        @DefaultValue Map<String, String> policyOverrides,
        @DefaultValue("Asia/Shanghai") ZoneId zone,
        @DefaultValue Outbox outbox,
        @DefaultValue("settlement-service") String group) {

    public SettlementProperties {
        policyOverrides = policyOverrides == null ? Map.of() : Map.copyOf(policyOverrides);
    }

    /** @param partitions partitions of settlement.completed.v1 when this service declares it */
    public record Outbox(@DefaultValue("6") int partitions) {
    }
}

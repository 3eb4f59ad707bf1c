package org.onestop.identity;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code onestop.identity.*}: limits and rules of the identity feeds.
 *
 * @param maxUploadSize       largest CSV body accepted (413 above)
 * @param maxLineChars        longest CSV record accepted; longer rows are rejected one by one
 * @param chunkRows           rows validated and written per database round trip
 * @param maxStartAheadDays   how far in the future a start date may lie
 * @param regionPrefixes      GB/T 2260 prefixes of the policy regions a record's region code must fall in
 * @param reportRowsInline    rejected rows a CSV answer lists inline (the rest via /rows)
 * @param outbox              the topic this service writes (the relay itself is {@code onestop.messaging.outbox.*})
 */
@ConfigurationProperties("onestop.identity")
public record IdentityProperties(
        @DefaultValue("256MB") DataSize maxUploadSize,
        @DefaultValue("4096") int maxLineChars,
        @DefaultValue("5000") int chunkRows,
        @DefaultValue("31") int maxStartAheadDays,
        @DefaultValue({"3604", "6528", "14", "3706", "21"}) List<String> regionPrefixes,
        @DefaultValue("100") int reportRowsInline,
        @DefaultValue Outbox outbox) {

    /** @param partitions partitions of {@code identity.changed.v1} when this service creates it */
    public record Outbox(@DefaultValue("6") int partitions) {
    }
}

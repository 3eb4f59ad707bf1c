package org.onestop.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.IdentityChanged;

/**
 * The absorption benchmark's identity events, as identity-service's relay publishes them: key = personRef, the
 * {@code IdentityChanged} JSON, CloudEvents headers. Each record is a new person's first identity (NEW 低保 in
 * Jiujiang 360402 from 1 January 2026, open-ended), so every consumer takes its common path: settlement stores a period
 * and finds no book to re-settle, enrollment decides a subsidy and publishes it, monitoring stores the period.
 */
final class IdentityRecords {

    private IdentityRecords() {
    }

    static List<ProducerRecord<String, byte[]>> generate(String topic, int n, String seed) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(n);
        UUID batch = UUID.nameUUIDFromBytes(("identity-" + seed).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < n; i++) {
            String person = DischargeRecords.sha256("identity-" + seed + "-" + i);
            UUID eventId = UUID.randomUUID();
            String json = "{\"eventId\":\"" + eventId + "\",\"personRef\":\"" + person + "\",\"regionCode\":\"360402\","
                    + "\"department\":\"CIVIL_AFFAIRS\",\"identityType\":\"DIBAO\",\"change\":\"NEW\",\"periodId\":\""
                    + UUID.randomUUID() + "\",\"validFrom\":\"2026-01-01\",\"validTo\":null,\"supersedesPeriodId\":null,"
                    + "\"departmentReference\":\"r-" + seed + "-" + i + "\",\"batchId\":\"" + batch + "\","
                    + "\"recordedAt\":\"2026-01-02T00:00:00Z\",\"maskedIdNumber\":\"360402***********" + (i % 10) + "\","
                    + "\"householdRef\":null}";
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, person, json.getBytes(StandardCharsets.UTF_8));
            DischargeRecords.header(r, CloudEventHeaders.ID, eventId.toString());
            DischargeRecords.header(r, CloudEventHeaders.SOURCE, IdentityChanged.CE_SOURCE);
            DischargeRecords.header(r, CloudEventHeaders.TYPE, IdentityChanged.CE_TYPE);
            DischargeRecords.header(r, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
            DischargeRecords.header(r, CloudEventHeaders.SUBJECT, person);
            DischargeRecords.header(r, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
            records.add(r);
        }
        return records;
    }
}

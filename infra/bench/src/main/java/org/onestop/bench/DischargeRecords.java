package org.onestop.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.DischargeSubmitted;

/**
 * The bulk benchmark's discharges, as the gateway publishes them (gateway DischargePublisher): key = personRef, JSON
 * value, CloudEvents headers and the submitting hospital. Each record is a new person's first discharge (Jiujiang,
 * resident inpatient with upstream insurance), so every one takes the "latest of its person's book" path the issue's
 * 10,000/s target names; the hospital references carry the seed, so the driver recognises its own result events.
 */
final class DischargeRecords {

    /** A hospital of the demo partners whose discharges the gateway principal may submit (settlement-service/src/bench/bulk.sh). */
    static final String HOSPITAL = "H36040200009";

    private DischargeRecords() {
    }

    static String reference(String seed, int i) {
        return "b-" + seed + "-" + i;
    }

    static List<ProducerRecord<String, byte[]>> generate(String topic, int n, String seed) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String person = sha256("bulk-" + seed + "-" + i);
            int month = 1 + i % 10;
            int day = 1 + i % 28;
            long burden = 500 + (i * 37L) % 5000;
            String date = String.format("2026-%02d-%02d", month, day);
            UUID eventId = UUID.randomUUID();
            String json = "{\"eventId\":\"" + eventId + "\",\"hospitalId\":\"" + HOSPITAL + "\",\"messageId\":\"" + reference(seed, i)
                    + "\",\"hospitalSettlementRef\":\"" + reference(seed, i) + "\",\"personRef\":\"" + person
                    + "\",\"regionCode\":\"360402\",\"insuranceType\":\"RESIDENT\",\"visitType\":\"INPATIENT\",\"admissionDate\":\""
                    + date + "\",\"dischargeDate\":\"" + date + "\",\"totalCost\":\"" + (burden + 10000) + ".00\",\"inScope\":\""
                    + (burden + 10000) + ".00\",\"hifpPay\":\"10000.00\",\"hifmiPay\":\"0\"}";
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, person, json.getBytes(StandardCharsets.UTF_8));
            header(r, CloudEventHeaders.ID, eventId.toString());
            header(r, CloudEventHeaders.SOURCE, "onestop-bench");
            header(r, CloudEventHeaders.TYPE, DischargeSubmitted.CE_TYPE);
            header(r, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
            header(r, CloudEventHeaders.SUBJECT, person);
            header(r, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
            header(r, CloudEventHeaders.SUBMITTING_INSTITUTION, HOSPITAL);
            records.add(r);
        }
        return records;
    }

    /** One CloudEvents header, as the relays write it (UTF-8 text); also used by {@link IdentityRecords}. */
    static void header(ProducerRecord<String, byte[]> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A personRef-shaped key: 64 hex digits, deterministic per text. */
    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

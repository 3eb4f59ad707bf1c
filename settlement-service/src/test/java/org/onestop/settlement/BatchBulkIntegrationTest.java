package org.onestop.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.onestop.events.ChangeKind;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.DischargeSubmitted;
import org.onestop.events.IdentityType;
import org.onestop.infra.embedded.KafkaAccess;
import org.onestop.infra.embedded.TestInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * The bulk consumer settles a poll in one transaction; the results must be exactly those of settling the records one
 * after the other: first answers, out-of-order adjustments, caps, a duplicate answered once, a conflicting reuse of a
 * reference and an invalid record dead-lettered without failing the rest.
 */
class BatchBulkIntegrationTest extends SettlementIntegrationTestBase {

    static final String DLQ = "discharge.submitted.v1.settlement-service.dlq";

    static DischargeSubmitted discharge(String person, String ref, String dischargeDate, String burden) {
        String total = new java.math.BigDecimal(burden).add(new java.math.BigDecimal("10000")).toPlainString();
        return discharge(person, ref, dischargeDate, total, total);
    }

    static DischargeSubmitted discharge(String person, String ref, String dischargeDate, String total, String inScope) {
        return new DischargeSubmitted(UUID.randomUUID(), "H36040200003", "msg-" + ref, ref, person, JIUJIANG, "RESIDENT",
                "INPATIENT", "SECONDARY", "IN_REGION", false, LocalDate.parse(dischargeDate).minusDays(3),
                LocalDate.parse(dischargeDate), total, inScope, "0", "0", null, false, 3, false, "10000.00", "0", null);
    }

    /** All records through one producer, flushed once: they reach the consumer together (one poll per partition). */
    void postAll(List<DischargeSubmitted> records) {
        Properties p = new Properties();
        p.putAll(TestInfrastructure.kafkaClientProperties(KafkaAccess.GATEWAY)); // the one writer of discharge.submitted.v1
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            for (DischargeSubmitted d : records) {
                ProducerRecord<String, byte[]> r = new ProducerRecord<>("discharge.submitted.v1", d.personRef(), json.writeValueAsBytes(d));
                r.headers().add(CloudEventHeaders.ID, d.eventId().toString().getBytes(StandardCharsets.UTF_8));
                r.headers().add(CloudEventHeaders.TYPE, DischargeSubmitted.CE_TYPE.getBytes(StandardCharsets.UTF_8));
                // as the gateway submits a hospital's records: naming the hospital it authenticated
                r.headers().add(CloudEventHeaders.SUBMITTING_INSTITUTION, d.hospitalId().getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            }
            producer.flush();
        }
    }

    static String assistance(JsonNode event) {
        for (JsonNode p : event.get("payments")) {
            if ("ASSISTANCE".equals(p.get("layer").asString())) {
                return p.get("amount").asString();
            }
        }
        return "0.00";
    }

    @Test
    void aPollOfManyDischargesForAFewPersonsGivesThePerRecordResultsAndCaps() {
        String a = newPersonRef();
        String b = newPersonRef();
        publishIdentity(identity(a, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        String tag = UUID.randomUUID().toString().substring(0, 8);
        DischargeSubmitted a1 = discharge(a, "a1-" + tag, "2026-03-01", "20000");
        DischargeSubmitted a2 = discharge(a, "a2-" + tag, "2026-04-01", "40000");
        DischargeSubmitted a3 = discharge(a, "a3-" + tag, "2026-05-01", "20000");
        DischargeSubmitted a4 = discharge(a, "a4-" + tag, "2026-02-01", "4000");
        DischargeSubmitted b1 = discharge(b, "b1-" + tag, "2026-03-10", "4000");
        DischargeSubmitted b1Changed = discharge(b, "b1-" + tag, "2026-03-10", "5000");
        DischargeSubmitted invalid = discharge(a, "bad-" + tag, "2026-06-01", "14000.00", "15000.00");
        DischargeSubmitted b2 = discharge(b, "b2-" + tag, "2026-03-20", "6000");
        postAll(List.of(a1, b1, a2, a3, a2, invalid, b1Changed, a4, b2));

        // Person A, 低保 = Jiujiang class 2: 75 % of the burden, no deductible, at most 50,000 a year
        // (jiujiang-2022 三(三)2(2)). One after the other, in the poll's order:
        //   a1 (03-01) 20,000 × 75 % = 15,000                       cumulative 15,000
        //   a2 (04-01) 40,000 × 75 % = 30,000                       cumulative 45,000
        //   a3 (05-01) 20,000 × 75 % = 15,000, 5,000 of the cap left → 5,000, cumulative 50,000
        //   a2 again: the same record, answered once, nothing new
        //   bad: in-scope above total → dead letter, nothing stored
        //   a4 (02-01, before the others) 4,000 × 75 % = 3,000; replayed in discharge order a1..a3 now use
        //      3,000 + 15,000 + 30,000 = 48,000 before a3, which is entitled to 2,000: an adjustment of −3,000 on a3
        //      (追回, DISCHARGE_OUT_OF_ORDER); the year stays at exactly 50,000.
        List<JsonNode> events = completedEvents(a, 5);
        assertThat(events).hasSize(5);
        Map<String, String> settled = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (JsonNode e : events) {
            if ("SETTLED".equals(e.get("kind").asString())) {
                settled.put(e.get("hospitalSettlementRef").asString(), assistance(e));
                order.add(e.get("hospitalSettlementRef").asString());
            }
        }
        assertThat(order).containsExactly(a1.hospitalSettlementRef(), a2.hospitalSettlementRef(), a3.hospitalSettlementRef(),
                a4.hospitalSettlementRef());
        assertThat(settled).containsEntry(a1.hospitalSettlementRef(), "15000.00").containsEntry(a2.hospitalSettlementRef(), "30000.00")
                .containsEntry(a3.hospitalSettlementRef(), "5000.00").containsEntry(a4.hospitalSettlementRef(), "3000.00");
        JsonNode adjusted = events.get(4);
        assertThat(adjusted.get("kind").asString()).isEqualTo("ADJUSTED");
        assertThat(adjusted.get("hospitalSettlementRef").asString()).isEqualTo(a3.hospitalSettlementRef());
        assertThat(adjusted.get("reason").asString()).isEqualTo("DISCHARGE_OUT_OF_ORDER");
        assertThat(assistance(adjusted)).isEqualTo("-3000.00");

        as(officeClaims(JIUJIANG)).get().uri("/api/v1/persons/{p}/years/2026", a).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.discharges").isEqualTo(4)
                .jsonPath("$.layers[?(@.layer == 'ASSISTANCE')].paid").isEqualTo("50000.00")
                .jsonPath("$.layers[?(@.layer == 'ASSISTANCE')].cap").isEqualTo("50000.00")
                .jsonPath("$.layers[?(@.layer == 'ASSISTANCE')].capRemaining").isEqualTo("0.00");
        // the first answer of a3 is kept (5,000); the read shows the −3,000 beside it
        JsonNode a3Event = events.stream().filter(e -> a3.hospitalSettlementRef().equals(e.get("hospitalSettlementRef").asString()))
                .findFirst().orElseThrow();
        as(hospitalClaims("H36040200003")).get().uri("/api/v1/settlements/{id}", a3Event.get("settlementId").asString()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.setlinfo.maf_pay").isEqualTo("5000.00")
                .jsonPath("$.adjustments[0].amount").isEqualTo("-3000.00");

        // Person B has no identity: insurance only, no assistance (maf_pay 0); b1 reused with another content is a
        // conflict, dead-lettered; b2 settles.
        List<JsonNode> bEvents = completedEvents(b, 2);
        assertThat(bEvents).extracting(e -> e.get("hospitalSettlementRef").asString())
                .containsExactly(b1.hospitalSettlementRef(), b2.hospitalSettlementRef());
        assertThat(bEvents).extracting(BatchBulkIntegrationTest::assistance).containsOnly("0.00");

        List<ConsumerRecord<String, byte[]>> dead = records(DLQ, r -> a.equals(r.key()) || b.equals(r.key()), l -> l.size() >= 2);
        assertThat(dead).hasSize(2);
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : dead) {
            reasons.put(json.readTree(r.value()).get("hospitalSettlementRef").asString(), header(r, "x-dlq-reason"));
        }
        assertThat(reasons).containsEntry(invalid.hospitalSettlementRef(), "costs.inScope:in-scope-above-total")
                .containsEntry(b1.hospitalSettlementRef(), "hospitalSettlementRef:settlement-conflict");

        assertThat(db.sql("select count(*) from settlement where person_ref = $1 or person_ref = $2").bind(0, a).bind(1, b)
                .map((row, meta) -> row.get(0, Long.class)).one().block()).isEqualTo(6L);
        assertThat(db.sql("select count(*) from settlement where hospital_ref = $1").bind(0, invalid.hospitalSettlementRef())
                .map((row, meta) -> row.get(0, Long.class)).one().block()).isZero();
    }
}

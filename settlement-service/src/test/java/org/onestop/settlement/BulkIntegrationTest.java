package org.onestop.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.ChangeKind;
import org.onestop.events.DischargeSubmitted;
import org.onestop.events.IdentityType;
import tools.jackson.databind.JsonNode;

/** The bulk path: discharge.submitted.v1 → settled like HTTP → settlement.completed.v1; what cannot be settled → DLQ with its reason. */
class BulkIntegrationTest extends SettlementIntegrationTestBase {

    static final String DLQ = "discharge.submitted.v1.settlement-service.dlq";

    DischargeSubmitted discharge(String person, String ref, String dischargeDate, String total, String inScope) {
        return new DischargeSubmitted(UUID.randomUUID(), "H36040200002", "msg-" + UUID.randomUUID(), ref, person, JIUJIANG, "RESIDENT",
                "INPATIENT", "SECONDARY", "IN_REGION", false, java.time.LocalDate.parse(dischargeDate).minusDays(3),
                java.time.LocalDate.parse(dischargeDate), total, inScope, "0", "0", null, false, 3, false, "10000.00", "0", null);
    }

    /** As the gateway posts a hospital's record: naming the hospital it authenticated. */
    void post(DischargeSubmitted d) {
        postFor(d.hospitalId(), d);
    }

    void postFor(String institution, DischargeSubmitted d) {
        send("discharge.submitted.v1", d.personRef(), json.writeValueAsBytes(d), d.eventId().toString(), DischargeSubmitted.CE_TYPE,
                Map.of(CloudEventHeaders.SUBMITTING_INSTITUTION, institution));
    }

    @Test
    void aDischargeNamingAnotherHospitalThanTheSubmittingOneIsDeadLetteredAndNeverSettled() {
        String person = newPersonRef();
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        String ref = ref();
        // submitted by hospital H36040200001, claiming to be H36040200002's discharge
        postFor("H36040200001", discharge(person, ref, "2026-04-03", "14000.00", "14000.00"));

        List<ConsumerRecord<String, byte[]>> dead = records(DLQ, r -> person.equals(r.key()), l -> !l.isEmpty());
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), "x-dlq-reason")).isEqualTo("hospitalId:not-your-institution");
        assertThat(db.sql("select count(*) from settlement where hospital_ref = $1").bind(0, ref)
                .map((row, meta) -> row.get(0, Long.class)).one().block()).isZero();
    }

    @Test
    void aDischargeWithoutTheSubmittingInstitutionIsDeadLetteredAndNeverSettled() {
        String person = newPersonRef();
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        DischargeSubmitted d = discharge(person, ref(), "2026-04-04", "14000.00", "14000.00");
        send("discharge.submitted.v1", d.personRef(), json.writeValueAsBytes(d), d.eventId().toString(), DischargeSubmitted.CE_TYPE);

        List<ConsumerRecord<String, byte[]>> dead = records(DLQ, r -> person.equals(r.key()), l -> !l.isEmpty());
        assertThat(header(dead.get(0), "x-dlq-reason")).isEqualTo("X-Onestop-Institution:missing");
        assertThat(db.sql("select count(*) from settlement where hospital_ref = $1").bind(0, d.hospitalSettlementRef())
                .map((row, meta) -> row.get(0, Long.class)).one().block()).isZero();
    }

    @Test
    void aPostedDischargeIsSettledAndAnnouncedAndABadOneIsDeadLetteredWithItsReason() {
        String person = newPersonRef();
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        String goodRef = ref();
        DischargeSubmitted good = discharge(person, goodRef, "2026-04-01", "14000.00", "14000.00");
        post(good);
        // the same record again (redelivery or a hospital's resend): settled once
        post(good);
        String badRef = ref();
        // in-scope above total: cannot be settled
        post(discharge(person, badRef, "2026-04-02", "14000.00", "15000.00"));

        // jiujiang-2022 三(三)2(2): burden 14,000 − 10,000 = 4,000, × 75 % = 3,000
        List<JsonNode> events = completedEvents(person, 1);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("kind").asString()).isEqualTo("SETTLED");
        assertThat(events.get(0).get("hospitalSettlementRef").asString()).isEqualTo(goodRef);
        assertThat(events.get(0).get("payments").toString()).contains("\"ASSISTANCE\"", "3000.00");

        List<ConsumerRecord<String, byte[]>> dead = records(DLQ, r -> person.equals(r.key()), l -> !l.isEmpty());
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), "x-dlq-reason")).isEqualTo("costs.inScope:in-scope-above-total");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).contains(badRef);
        assertThat(db.sql("select count(*) from settlement where hospital_ref = $1").bind(0, badRef)
                .map((row, meta) -> row.get(0, Long.class)).one().block()).isZero();
    }

    @Test
    void anUnreadableRecordIsDeadLettered() {
        String key = newPersonRef();
        send("discharge.submitted.v1", key, "{not json".getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString(), DischargeSubmitted.CE_TYPE);
        List<ConsumerRecord<String, byte[]>> dead = records(DLQ, r -> key.equals(r.key()), l -> !l.isEmpty());
        assertThat(header(dead.get(0), "x-dlq-reason")).isEqualTo("(value):malformed-json");
        Map<String, Object> unused = Map.of();
        assertThat(unused).isEmpty();
    }
}

package org.onestop.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.onestop.events.FreeText;
import org.onestop.events.RebuildAttempt;
import org.onestop.identity.person.PersonCipher;
import org.onestop.identity.person.PersonEncryption;
import org.onestop.infra.embedded.KafkaAccess;
import org.onestop.infra.embedded.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 11: nothing identity-service publishes or answers rebuilds an ID number, and text a partner types is refused
 * with a 400 problem naming the field (an ID number in it, or a NUL) before anything is stored.
 */
class PersonalDataIntegrationTest extends IdentityIntegrationTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    DatabaseClient db;
    @Autowired
    PersonCipher cipher;
    @Autowired
    PersonEncryption encryption;

    WebTestClient.ResponseSpec postJson(String reference, List<Map<String, Object>> records) {
        Map<String, Object> body = new HashMap<>();
        body.put("department", "CIVIL_AFFAIRS");
        body.put("departmentReference", reference);
        body.put("records", records);
        return shanxiCivilAffairs().post().uri("/api/v1/identity/batches").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange();
    }

    static void refused(WebTestClient.ResponseSpec response, String code, String field) {
        response.expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code).jsonPath("$.field").isEqualTo(field);
    }

    long batches(String reference) {
        return db.sql("select count(*) from batch where department_reference = $1").bind(0, reference)
                .map((row, meta) -> row.get(0, Long.class)).one().block();
    }

    long persons(String id) {
        return db.sql("select count(*) from person where person_ref = $1").bind(0, personRef(id))
                .map((row, meta) -> row.get(0, Long.class)).one().block();
    }

    @Test
    void noIdentityChangedRecordNorPersonAnswerLeavesFewerThanTenThousandCandidates() {
        String first = newIdNumber();
        String second = newIdNumber();
        postJson(newReference(), List.of(
                IdentityBatchesIntegrationTest.record("DIBAO", first, "NEW", "2024-03-01", null),
                IdentityBatchesIntegrationTest.record("DIBAO", second, "NEW", "2024-03-01", null)))
                .expectStatus().isCreated();
        Set<String> wanted = Set.of(personRef(first), personRef(second));

        List<JsonNode> records = readAll("identity.changed.v1", wanted);
        assertThat(records).isNotEmpty();
        for (JsonNode event : records) {
            assertThat(event.has("birthDate")).isFalse();
            RebuildAttempt attempt = RebuildAttempt.of(event.get("maskedIdNumber").asString());
            assertThat(attempt.rebuilds()).as("record of %s", event.get("personRef").asString()).isFalse();
            // person references are 64 random hex digits and may end in a 15-digit run by chance: not text
            ObjectNode text = (ObjectNode) event.deepCopy();
            text.remove("personRef");
            text.remove("householdRef");
            assertThat(FreeText.containsIdNumber(text.toString())).as(text.toString()).isFalse();
        }

        byte[] answer = http().post().uri("/api/v1/identity/persons/lookup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("idNumber", first, "on", "2024-06-01")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.birthDate").doesNotExist()
                .returnResult().getResponseBody();
        JsonNode person = JSON.readTree(answer);
        RebuildAttempt fromAnswer = RebuildAttempt.of(person.get("maskedIdNumber").asString())
                .withBirthYear(person.get("birthYear").asInt());
        assertThat(Integer.parseInt(first.substring(6, 10))).isEqualTo(person.get("birthYear").asInt());
        assertThat(fromAnswer.rebuilds()).isFalse();
        assertThat(FreeText.containsIdNumber(new String(answer, StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void everyMaskStoredInBatchRowsLeavesAtLeastTenThousandCandidates() {
        // a rejected row keeps its masked number in batch_row, beside nothing that narrows it
        postJson(newReference(), List.of(IdentityBatchesIntegrationTest.record("DIBAO", newIdNumber(), "EXIT",
                "2024-03-01", null))).expectStatus().isCreated();
        List<String> masks = db.sql("select masked_id from batch_row where masked_id is not null")
                .map((row, meta) -> row.get(0, String.class)).all().collectList().block();
        assertThat(masks).isNotEmpty();
        for (String mask : masks) {
            assertThat(RebuildAttempt.of(mask).rebuilds()).as(mask).isFalse();
        }
    }

    @Test
    void anIdNumberInTheDepartmentReferenceIsRefusedNamingTheField() {
        String id = newIdNumber();
        String reference = "民政-" + id;
        refused(postJson(reference, List.of(IdentityBatchesIntegrationTest.record("DIBAO", id, "NEW", "2024-03-01",
                null))), "id-number-in-free-text", "departmentReference");
        assertThat(batches(reference)).isZero();
        assertThat(persons(id)).isZero();
    }

    @Test
    void anIdNumberInARecordReferenceOrNameIsRefusedNamingTheRecord() {
        String id = newIdNumber();
        String reference = newReference();
        Map<String, Object> good = IdentityBatchesIntegrationTest.record("DIBAO", newIdNumber(), "NEW", "2024-03-01", null);
        Map<String, Object> bad = IdentityBatchesIntegrationTest.record("DIBAO", id, "NEW", "2024-03-01", null);
        bad.put("recordReference", "row of " + id);
        refused(postJson(reference, List.of(good, bad)), "id-number-in-free-text", "records[1].recordReference");
        bad.put("recordReference", "r2");
        bad.put("name", "张三 " + id.substring(0, 15));
        refused(postJson(reference, List.of(good, bad)), "id-number-in-free-text", "records[1].name");
        assertThat(batches(reference)).isZero();
        assertThat(persons(id)).isZero();
    }

    @Test
    void aNulCharacterInANameIsA400AndNothingIsStored() {
        String id = newIdNumber();
        String reference = newReference();
        Map<String, Object> bad = IdentityBatchesIntegrationTest.record("DIBAO", id, "NEW", "2024-03-01", null);
        bad.put("name", "张\u0000三");
        refused(postJson(reference, List.of(bad)), "nul-character", "records[0].name");
        assertThat(batches(reference)).isZero();
        assertThat(persons(id)).isZero();
    }

    @Test
    void aNullRecordIsA400AndNothingIsStored() {
        String reference = newReference();
        List<Map<String, Object>> records = new ArrayList<>();
        records.add(null);
        refused(postJson(reference, records), "null-record", "records[0]");
        assertThat(batches(reference)).isZero();
    }

    @Test
    void aNulCharacterInACsvCellIsA400AndNothingIsStored() {
        String id = newIdNumber();
        String reference = newReference();
        String csv = IdentityBatchesIntegrationTest.HEADER
                + IdentityBatchesIntegrationTest.csvRow("张\u0000三", id, "张三", id, "新识别", "2024-03-01");
        refused(shanxiCivilAffairs().post().uri("/api/v1/identity/batches/csv?department=CIVIL_AFFAIRS&category=低保&regionCode=140105"
                        + "&departmentReference=" + reference)
                .contentType(MediaType.parseMediaType("text/csv")).bodyValue(csv.getBytes(StandardCharsets.UTF_8))
                .exchange(), "nul-character", "file");
        assertThat(batches(reference)).isZero();
        assertThat(persons(id)).isZero();
    }

    @Test
    void aMultipartUploadWithABadBoundaryIsA400Problem() {
        String reference = newReference();
        shanxiCivilAffairs().post().uri("/api/v1/identity/batches/csv?department=CIVIL_AFFAIRS&category=低保&regionCode=140105"
                        + "&departmentReference=" + reference)
                .header("Content-Type", "multipart/form-data; boundary=declared")
                .bodyValue("--other\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--other--\r\n"
                        .getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(batches(reference)).isZero();
    }

    record StoredPerson(String idNumber, String name, byte[] idSealed, byte[] nameSealed, String keyId) {
    }

    StoredPerson stored(String personRef) {
        return db.sql("select id_number, name, id_number_enc, name_enc, key_id from person where person_ref = $1")
                .bind(0, personRef)
                .map((row, meta) -> new StoredPerson(row.get("id_number", String.class), row.get("name", String.class),
                        row.get("id_number_enc", byte[].class), row.get("name_enc", byte[].class),
                        row.get("key_id", String.class)))
                .one().block();
    }

    @Test
    void anAcceptedPersonIsStoredSealedUnderTheActiveKeyWithNoPlaintext() {
        String id = newIdNumber();
        String ref = personRef(id);
        postJson(newReference(), List.of(IdentityBatchesIntegrationTest.record("DIBAO", id, "NEW", "2024-03-01", null)))
                .expectStatus().isCreated();
        StoredPerson p = stored(ref);
        assertThat(p.idNumber()).isNull();
        assertThat(p.name()).isNull();
        assertThat(p.keyId()).isEqualTo("k1");
        assertThat(new String(p.idSealed(), StandardCharsets.ISO_8859_1)).doesNotContain(id.substring(6, 14));
        assertThat(cipher.open("k1", p.idSealed(), ref, PersonCipher.ID_NUMBER)).isEqualTo(id);
        assertThat(cipher.open("k1", p.nameSealed(), ref, PersonCipher.NAME)).isEqualTo("张三");
        // bound to its row: the same ciphertext does not open as another person's
        assertThatThrownBy(() -> cipher.open("k1", p.idSealed(), personRef(newIdNumber()), PersonCipher.ID_NUMBER))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void plaintextRowsAndRowsUnderAnOlderKeyAreResealedUnderTheActiveKey() {
        String plainId = newIdNumber();
        String plainRef = personRef(plainId);
        db.sql("""
                        insert into person (person_ref, id_number, name, masked_id, birth_year, updated_at)
                        values ($1, $2, '李四', $3, 1960, now())""")
                .bind(0, plainRef).bind(1, plainId).bind(2, plainId.substring(0, 6) + "***********" + plainId.substring(17))
                .fetch().rowsUpdated().block();
        String oldId = newIdNumber();
        String oldRef = personRef(oldId);
        PersonCipher k0 = new PersonCipher(new EncryptionProperties(Map.of("k0", KEY_0), "k0"));
        db.sql("""
                        insert into person (person_ref, id_number_enc, name_enc, key_id, masked_id, birth_year, updated_at)
                        values ($1, $2, $3, 'k0', $4, 1960, now())""")
                .bind(0, oldRef).bind(1, k0.seal(oldId, oldRef, PersonCipher.ID_NUMBER))
                .bind(2, k0.seal("王五", oldRef, PersonCipher.NAME))
                .bind(3, oldId.substring(0, 6) + "***********" + oldId.substring(17))
                .fetch().rowsUpdated().block();

        assertThat(encryption.sealPending()).isGreaterThanOrEqualTo(2);

        StoredPerson plain = stored(plainRef);
        assertThat(plain.idNumber()).isNull();
        assertThat(plain.name()).isNull();
        assertThat(plain.keyId()).isEqualTo("k1");
        assertThat(cipher.open("k1", plain.idSealed(), plainRef, PersonCipher.ID_NUMBER)).isEqualTo(plainId);
        assertThat(cipher.open("k1", plain.nameSealed(), plainRef, PersonCipher.NAME)).isEqualTo("李四");
        StoredPerson rotated = stored(oldRef);
        assertThat(rotated.keyId()).isEqualTo("k1");
        assertThat(cipher.open("k1", rotated.idSealed(), oldRef, PersonCipher.ID_NUMBER)).isEqualTo(oldId);
        assertThat(cipher.open("k1", rotated.nameSealed(), oldRef, PersonCipher.NAME)).isEqualTo("王五");
        assertThat(encryption.sealPending()).isZero();
    }

    /** Every record on {@code topic} from the beginning, read until each of {@code wanted} (keys) has appeared. */
    static List<JsonNode> readAll(String topic, Set<String> wanted) {
        Properties p = new Properties();
        p.putAll(TestInfrastructure.kafkaClientProperties(KafkaAccess.OPERATOR)); // reads like an operator would
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "operator-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<JsonNode> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    all.add(JSON.readTree(r.value()));
                    seen.add(r.key());
                }
                return seen.containsAll(wanted);
            });
        }
        return all;
    }
}

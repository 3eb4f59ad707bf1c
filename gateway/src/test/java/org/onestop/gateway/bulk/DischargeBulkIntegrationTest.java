package org.onestop.gateway.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.ResidentIdNumber;
import org.onestop.infra.embedded.KafkaAccess;
import org.onestop.infra.embedded.TestInfrastructure;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The hospitals' bulk path against the real broker: the gateway produces a hospital's own discharges on
 * discharge.submitted.v1 as its principal, naming the hospital in {@code X-Onestop-Institution}, and refuses a request
 * naming another hospital before producing anything.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "onestop.person-ref.secret=gateway-bulk-test-secret",
        "onestop.gateway.tokens.key-reload=1h"})
class DischargeBulkIntegrationTest {

    static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("gateway-bulk-test");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final String ID_NUMBER = ResidentIdNumber.withCheckChar("36040219800101123");
    static final String TOPIC = "discharge.submitted.v1";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "gateway_bulk");
        registry.add("onestop.gateway.tokens.key-file", () -> DIR.resolve("jwks-private.json").toString());
        registry.add("onestop.gateway.demo.credentials-file", () -> DIR.resolve("demo-credentials.txt").toString());
    }

    @Value("${local.server.port}")
    int port;

    @Test
    void aHospitalsOwnDischargesAreProducedInItsNameWithoutTheRawIdNumber() throws IOException {
        String person = personRef();
        String messageId = "bulk-" + UUID.randomUUID();

        http().post().uri("/api/v1/discharges/bulk").header("Authorization", "Bearer " + token("hospital-h360402001"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[" + discharge("H360402001", messageId, "\"personRef\":\"" + person + "\"") + ","
                        + discharge("H360402001", messageId + "-2", "\"idNumber\":\"" + ID_NUMBER + "\"") + "]")
                .exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.accepted").isEqualTo(2);

        List<ConsumerRecord<String, String>> records = read(r -> r.value().contains(messageId), found -> found.size() >= 2);
        assertThat(records).hasSize(2).allSatisfy(r -> {
            assertThat(header(r, CloudEventHeaders.SUBMITTING_INSTITUTION)).isEqualTo("H360402001");
            assertThat(r.value()).doesNotContain(ID_NUMBER).doesNotContain("idNumber");
            assertThat(r.key()).matches("[0-9a-f]{64}");
        });
        assertThat(records).extracting(ConsumerRecord::key).contains(person);
    }

    @Test
    void aRequestNamingAnotherHospitalIsRefusedWholeAndNothingIsProduced() throws IOException {
        String person = personRef();
        String refused = "bulk-refused-" + UUID.randomUUID();
        String token = token("hospital-h360402001");

        http().post().uri("/api/v1/discharges/bulk").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[" + discharge("H360402001", refused, "\"personRef\":\"" + person + "\"") + ","
                        + discharge("H370602001", refused + "-other", "\"personRef\":\"" + person + "\"") + "]")
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("not-your-institution").jsonPath("$.records[0]").isEqualTo(1);
        // then one accepted record for the same person: same key, same partition, so it comes after anything the
        // refused request could have produced
        String accepted = "bulk-after-" + UUID.randomUUID();
        http().post().uri("/api/v1/discharges/bulk").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[" + discharge("H360402001", accepted, "\"personRef\":\"" + person + "\"") + "]")
                .exchange().expectStatus().isAccepted();

        List<ConsumerRecord<String, String>> records = read(r -> person.equals(r.key()),
                found -> found.stream().anyMatch(r -> r.value().contains(accepted)));
        assertThat(records).extracting(ConsumerRecord::value).noneMatch(v -> v.contains(refused)).anyMatch(v -> v.contains(accepted));
    }

    @Test
    void onlyHospitalsMaySubmitInBulk() throws IOException {
        http().post().uri("/api/v1/discharges/bulk").header("Authorization", "Bearer " + token("operator"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[" + discharge("H360402001", "bulk-op", "\"personRef\":\"" + personRef() + "\"") + "]")
                .exchange().expectStatus().isForbidden();
    }

    static String discharge(String hospital, String messageId, String person) {
        return """
                {"hospitalId":"%s","messageId":"%s","hospitalSettlementRef":"%s",%s,"regionCode":"360402",
                 "insuranceType":"RESIDENT","visitType":"INPATIENT","admissionDate":"2026-03-01","dischargeDate":"2026-03-05",
                 "totalCost":"12000.00","inScope":"10000.00","bedDays":4}""".formatted(hospital, messageId, messageId, person);
    }

    static String personRef() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30)).build();
    }

    String token(String clientId) throws IOException {
        String secret = Files.readAllLines(DIR.resolve("demo-credentials.txt")).stream().filter(l -> l.startsWith(clientId + ":"))
                .map(l -> l.substring(clientId.length() + 1)).findFirst().orElseThrow();
        Map<?, ?> body = http().post().uri("/oauth2/token")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret)
                        .getBytes(StandardCharsets.UTF_8)))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("grant_type", "client_credentials"))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return (String) body.get("access_token");
    }

    /** Reads the topic from the beginning, as an operator, the records {@code filter} keeps until {@code enough} holds. */
    static List<ConsumerRecord<String, String>> read(Predicate<ConsumerRecord<String, String>> filter,
                                                     Predicate<List<ConsumerRecord<String, String>>> enough) {
        Properties p = new Properties();
        p.putAll(TestInfrastructure.kafkaClientProperties(KafkaAccess.OPERATOR));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "operator-bulk-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.currentTimeMillis() + 30_000;
            while (!enough.test(found) && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (filter.test(r)) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

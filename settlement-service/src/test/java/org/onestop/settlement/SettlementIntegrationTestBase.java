package org.onestop.settlement;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.onestop.events.ChangeKind;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.Department;
import org.onestop.events.IdentityChanged;
import org.onestop.events.IdentityType;
import org.onestop.events.InternalToken;
import org.onestop.events.ResidentIdNumber;
import org.onestop.infra.embedded.KafkaAccess;
import org.onestop.infra.embedded.TestInfrastructure;
import org.onestop.infra.embedded.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Spring context every settlement integration test shares: the real broker and PostgreSQL from
 * {@link TestInfrastructure}, the service on a random port. Helpers publish identity events, read
 * {@code settlement.completed.v1} with a plain consumer, and build settle requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "onestop.person-ref.secret=" + SettlementIntegrationTestBase.SECRET,
        "onestop.messaging.outbox.poll-interval=20ms"})
public abstract class SettlementIntegrationTestBase {

    public static final String SECRET = "integration-test-secret";
    public static final String JIUJIANG = "360402";
    public static final String YANTAI = "370602";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "settlement");
        TestTokens.register(registry);
    }

    @Value("${local.server.port}")
    protected int port;

    @Autowired
    protected DatabaseClient db;

    protected final JsonMapper json = JsonMapper.builder().build();

    /** The hospital every {@link #withBurden} request names: the caller of {@link #http()}. */
    public static final String HOSPITAL = "H36040200001";

    /** A client calling as {@link #HOSPITAL} (Jiujiang 360402), with a fresh internal token. */
    protected WebTestClient http() {
        return as(hospitalClaims(HOSPITAL));
    }

    /** A client calling as the partner {@code claims} describe ({@link #hospitalClaims}, {@link #officeClaims}). */
    protected WebTestClient as(Map<String, ?> claims) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(60))
                .defaultHeader(HttpHeaders.AUTHORIZATION, bearer(claims)).build();
    }

    /** {@code Bearer <internal token for this service>} of the partner {@code claims} describe, valid 60 s. */
    public static String bearer(Map<String, ?> claims) {
        return "Bearer " + TestTokens.token(InternalToken.SETTLEMENT_SERVICE, claims);
    }

    /** The claims of the hospital {@code institution}, in Jiujiang. */
    public static Map<String, String> hospitalClaims(String institution) {
        return Map.of("sub", "his-" + institution, "partner_type", "hospital", "institution", institution, "region", JIUJIANG);
    }

    /** The claims of the insurance office of {@code region}. */
    public static Map<String, String> officeClaims(String region) {
        return Map.of("sub", "office-" + region, "partner_type", "insurance-office", "region", region);
    }

    /** A fresh valid ID number born 1950–1999 in Jiujiang 360402. */
    protected static String newIdNumber() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return ResidentIdNumber.withCheckChar(String.format("360402%04d%02d%02d%03d", 1950 + r.nextInt(50), 1 + r.nextInt(12),
                1 + r.nextInt(28), r.nextInt(1000)));
    }

    protected static String personRef(String idNumber) {
        return ResidentIdNumber.of(idNumber).personRef(SECRET.getBytes(StandardCharsets.UTF_8)).value();
    }

    public static String newPersonRef() {
        return personRef(newIdNumber());
    }

    protected static String ref() {
        return "ref-" + UUID.randomUUID();
    }

    /**
     * A resident inpatient stay in Jiujiang whose insurance was settled upstream with 10,000 from the basic fund, so
     * that the policy-scope burden (assistance base) is exactly {@code burden}.
     */
    public static Map<String, Object> withBurden(String personRef, String dischargeDate, String burden) {
        Map<String, Object> body = new HashMap<>();
        body.put("hospitalId", HOSPITAL);
        body.put("messageId", "msg-" + UUID.randomUUID());
        body.put("hospitalSettlementRef", ref());
        body.put("personRef", personRef);
        body.put("regionCode", JIUJIANG);
        body.put("insuranceType", "RESIDENT");
        body.put("visitType", "INPATIENT");
        body.put("hospitalLevel", "SECONDARY");
        body.put("location", "IN_REGION");
        body.put("referred", false);
        body.put("admissionDate", LocalDate.parse(dischargeDate).minusDays(5).toString());
        body.put("dischargeDate", dischargeDate);
        String inScope = new java.math.BigDecimal(burden).add(new java.math.BigDecimal("10000")).toPlainString();
        body.put("costs", new HashMap<>(Map.of("totalCost", inScope, "inScope", inScope, "partlySelfPaid", "0", "outOfCatalogue", "0")));
        body.put("bedDays", 5);
        body.put("upstream", Map.of("hifpPay", "10000.00", "hifmiPay", "0"));
        return body;
    }

    protected WebTestClient.ResponseSpec settle(Map<String, Object> body) {
        return http().post().uri("/api/v1/settlements").bodyValue(body).exchange();
    }

    protected JsonNode settleOk(Map<String, Object> body) {
        byte[] answer = settle(body).expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        return json.readTree(answer);
    }

    // ------------------------------------------------------------------ identity events

    protected IdentityChanged identity(String personRef, IdentityType type, ChangeKind change, UUID periodId, String from, String to) {
        return new IdentityChanged(UUID.randomUUID(), personRef, JIUJIANG, type.owner(), type, change, periodId,
                LocalDate.parse(from), to == null ? null : LocalDate.parse(to), null, "test", UUID.randomUUID(), Instant.now(),
                "360402***********0", null);
    }

    /** Publishes the event as identity-service would, and waits until this service has applied it. */
    protected void publishIdentity(IdentityChanged e) {
        send("identity.changed.v1", e.personRef(), json.writeValueAsBytes(e), e.eventId().toString(), IdentityChanged.CE_TYPE);
        await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(db.sql("select count(*) from processed_event where event_id = $1")
                .bind(0, e.eventId()).map((row, meta) -> row.get(0, Long.class) > 0).one().block()));
    }

    protected void send(String topic, String key, byte[] value, String ceId, String ceType) {
        send(topic, key, value, ceId, ceType, Map.of());
    }

    /** As {@link #send(String, String, byte[], String, String)}, with {@code extraHeaders} (e.g. the gateway's institution). */
    protected void send(String topic, String key, byte[] value, String ceId, String ceType, Map<String, String> extraHeaders) {
        Properties p = new Properties();
        // as the topic's one writer (identity-service for identity.changed.v1, the gateway for discharges)
        p.putAll(TestInfrastructure.kafkaClientProperties(KafkaAccess.writerOf(topic)));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, value);
            r.headers().add(CloudEventHeaders.ID, ceId.getBytes(StandardCharsets.UTF_8));
            r.headers().add(CloudEventHeaders.TYPE, ceType.getBytes(StandardCharsets.UTF_8));
            r.headers().add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
            r.headers().add(CloudEventHeaders.SUBJECT, key.getBytes(StandardCharsets.UTF_8));
            r.headers().add(CloudEventHeaders.CONTENT_TYPE, "application/json".getBytes(StandardCharsets.UTF_8));
            extraHeaders.forEach((name, v) -> r.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(r).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ reading topics

    /** Every record of {@code topic} so far (from the beginning) that matches, waiting until {@code enough} holds. */
    public static List<ConsumerRecord<String, byte[]>> records(String topic, Predicate<ConsumerRecord<String, byte[]>> filter,
                                                                 Predicate<List<ConsumerRecord<String, byte[]>>> enough) {
        Properties p = new Properties();
        p.putAll(TestInfrastructure.kafkaClientProperties(KafkaAccess.OPERATOR)); // reads like an operator would
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            long deadline = System.currentTimeMillis() + 60_000;
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && System.currentTimeMillis() < deadline) {
                var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(r)) {
                        found.add(r);
                    }
                }
                if (enough.test(found)) {
                    // a little longer, so that an unwanted extra record would show
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                        if (filter.test(r)) {
                            found.add(r);
                        }
                    }
                    return found;
                }
            }
        }
        return found;
    }

    protected List<JsonNode> completedEvents(String personRef, int atLeast) {
        List<ConsumerRecord<String, byte[]>> rs = records("settlement.completed.v1", r -> personRef.equals(r.key()), l -> l.size() >= atLeast);
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : rs) {
            events.add(json.readTree(r.value()));
        }
        return events;
    }

    public static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

package org.onestop.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onestop.enrollment.subsidy.Enrollments;
import org.onestop.events.ChangeKind;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.EnrollmentSubsidyChanged;
import org.onestop.events.EnrollmentSubsidyChanged.Change;
import org.onestop.events.FreeText;
import org.onestop.events.IdentityChanged;
import org.onestop.events.IdentityType;
import org.onestop.events.InternalToken;
import org.onestop.events.RebuildAttempt;
import org.onestop.events.ResidentIdNumber;
import org.onestop.events.Topics;
import org.onestop.infra.embedded.KafkaAccess;
import org.onestop.infra.embedded.TestInfrastructure;
import org.onestop.infra.embedded.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service against the real broker and PostgreSQL (one shared context): identity events published on
 * identity.changed.v1 as identity-service would, subsidy events read back from enrollment.subsidy.v1 with a plain
 * KafkaConsumer. Amounts are computed by hand from the policy files (see SubsidyDeciderTest for the clauses).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "onestop.person-ref.secret=integration-test-secret",
        "onestop.messaging.outbox.poll-interval=50ms"})
class EnrollmentIntegrationTest {

    static final String SECRET = "integration-test-secret";
    static final List<ConsumerRecord<String, byte[]>> subsidies = new CopyOnWriteArrayList<>();
    static final List<ConsumerRecord<String, byte[]>> deadLetters = new CopyOnWriteArrayList<>();
    static volatile boolean reading = true;
    static Thread reader;
    static KafkaProducer<String, byte[]> producer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "enrollment");
        TestTokens.register(registry);
    }

    @BeforeAll
    static void startReading() {
        Properties p = new Properties();
        p.putAll(TestInfrastructure.kafkaClientProperties(KafkaAccess.IDENTITY)); // identity events, as identity-service
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer = new KafkaProducer<>(p);
        // The topics and this dead-letter topic exist from the broker's start (TestInfrastructure creates them as the
        // launcher does), so the reader is assigned their partitions from the start.
        reader = new Thread(() -> {
            Properties c = new Properties();
            c.putAll(TestInfrastructure.kafkaClientProperties(KafkaAccess.OPERATOR)); // reads like an operator would
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "operator-test-reader-" + UUID.randomUUID());
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
            String dlq = Topics.deadLetter(Topics.IDENTITY_CHANGED, "enrollment-service");
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
                consumer.subscribe(List.of(Topics.ENROLLMENT_SUBSIDY.name(), dlq));
                while (reading) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        (r.topic().equals(dlq) ? deadLetters : subsidies).add(r);
                    }
                }
            }
        }, "test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @AfterAll
    static void stopReading() throws InterruptedException {
        reading = false;
        reader.join(5000);
        producer.close();
    }

    @Autowired
    JsonMapper json;
    @Autowired
    DatabaseClient db;
    @Autowired
    Enrollments enrollments;

    @Value("${local.server.port}")
    int port;

    /** A client calling as an operator (reads every person-year and list), with a fresh internal token. */
    WebTestClient http() {
        return as(Map.of("sub", "test-operator", "partner_type", "operator"));
    }

    /** A client calling as the Jiujiang insurance office (360400), the one partner that reports contributions. */
    WebTestClient jiujiangOffice() {
        return as(Map.of("sub", "ybj-360400", "partner_type", "insurance-office", "region", "360400"));
    }

    WebTestClient as(Map<String, ?> claims) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30))
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.token(InternalToken.ENROLLMENT_SERVICE, claims))
                .build();
    }

    // ---------------------------------------------------------------- fixtures

    static String newPersonRef() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    static IdentityChanged identity(String personRef, String region, IdentityType type, ChangeKind change, UUID periodId,
            String from, String to, String recordedOn) {
        return new IdentityChanged(UUID.randomUUID(), personRef, region, type.owner(), type, change, periodId,
                LocalDate.parse(from), to == null ? null : LocalDate.parse(to), null, "it-" + UUID.randomUUID(),
                UUID.randomUUID(), LocalDate.parse(recordedOn).atTime(10, 0).toInstant(ZoneOffset.ofHours(8)),
                region + "***********X", null);
    }

    void publish(IdentityChanged e) {
        publish(e.personRef(), json.writeValueAsBytes(e), e.eventId().toString());
    }

    void publish(String key, byte[] value, String ceId) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.IDENTITY_CHANGED.name(), key, value);
        r.headers().add(CloudEventHeaders.ID, ceId.getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.TYPE, IdentityChanged.CE_TYPE.getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(r).get();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    List<EnrollmentSubsidyChanged> eventsOf(String personRef) {
        List<EnrollmentSubsidyChanged> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : subsidies) {
            if (personRef.equals(r.key())) {
                out.add(json.readValue(r.value(), EnrollmentSubsidyChanged.class));
            }
        }
        return out;
    }

    List<EnrollmentSubsidyChanged> awaitEvents(String personRef, int n) {
        await().atMost(Duration.ofSeconds(60)).until(() -> eventsOf(personRef).size() >= n);
        return eventsOf(personRef);
    }

    static EnrollmentSubsidyChanged only(List<EnrollmentSubsidyChanged> events, int year, Change change) {
        List<EnrollmentSubsidyChanged> found = events.stream().filter(e -> e.insuranceYear() == year && e.change() == change).toList();
        assertThat(found).as("%s %s in %s", change, year, events).hasSize(1);
        return found.get(0);
    }

    // ---------------------------------------------------------------- behaviour

    @Test
    void eachOfTheFiveRegionsGrantsItsOwnSubsidyForTheYearBeingCollected() {
        // Identified 2026-10-10 (in the 2026-09-01..12-31 collection period for 2027), recorded 2026-10-12.
        record Case(String region, IdentityType type, String amount, String kind, String province, String county) {
        }
        List<Case> cases = List.of(
                new Case("360402", IdentityType.DIBAO, "280.00", "FIXED", null, null),            // jiujiang-2022 二(一)1, 280 assumed
                new Case("652801", IdentityType.DIBAO, "300.00", "FIXED", null, null),            // bayingolin, assumed
                new Case("140105", IdentityType.REGISTERED_POOR, "400.00", "FULL", "280.00", "120.00"), // shanxi-2019 五: 400 × 70 % / 30 %
                new Case("370602", IdentityType.DIBAO_MARGINAL, "400.00", "FULL", null, null),    // yantai-2023 二(二) 全额
                new Case("210102", IdentityType.DIBAO_MARGINAL, "240.00", "SHARE", null, null));  // liaoning-2023 (二): 400 × 60 %
        Map<Case, String> persons = new java.util.LinkedHashMap<>();
        for (Case c : cases) {
            String ref = newPersonRef();
            persons.put(c, ref);
            publish(identity(ref, c.region(), c.type(), ChangeKind.NEW, UUID.randomUUID(), "2026-10-10", null, "2026-10-12"));
        }
        persons.forEach((c, ref) -> {
            List<ConsumerRecord<String, byte[]>> raw = subsidies;
            EnrollmentSubsidyChanged granted = only(awaitEvents(ref, 2), 2027, Change.GRANTED);
            assertThat(granted.amount()).as(c.region()).isEqualTo(c.amount());
            assertThat(granted.subsidyKind()).isEqualTo(c.kind());
            assertThat(granted.provinceAmount()).isEqualTo(c.province());
            assertThat(granted.countyAmount()).isEqualTo(c.county());
            assertThat(granted.regionCode()).isEqualTo(c.region());
            assertThat(granted.contribution()).isEqualTo("400.00");
            assertThat(granted.benefitFrom()).isEqualTo(LocalDate.of(2027, 1, 1));
            assertThat(granted.reason()).isEqualTo("COLLECTION_PERIOD");
            ConsumerRecord<String, byte[]> record = raw.stream().filter(r -> ref.equals(r.key())).findFirst().orElseThrow();
            assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo(EnrollmentSubsidyChanged.CE_TYPE);
            assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(ref);
            assertThat(header(record, CloudEventHeaders.ID)).isNotBlank();
        });
        // 2026 itself: identified after its collection period and not insured → enrolled (Yantai from the next month).
        EnrollmentSubsidyChanged yantai2026 = only(eventsOf(persons.get(cases.get(3))), 2026, Change.GRANTED);
        assertThat(yantai2026.benefitFrom()).isEqualTo(LocalDate.of(2026, 11, 1));
        EnrollmentSubsidyChanged jiujiang2026 = only(eventsOf(persons.get(cases.get(0))), 2026, Change.GRANTED);
        assertThat(jiujiang2026.benefitFrom()).isEqualTo(LocalDate.of(2026, 10, 13));
    }

    @Test
    void anIdentityEventOfTheEarlierShapeIsStoredAndPublishedWithAMaskThatRebuildsNothing() {
        // published before issue 11: the mask hides only the birth date, and birthDate travels beside it
        String ref = newPersonRef();
        IdentityChanged grant = identity(ref, "360402", IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-10-10",
                null, "2026-10-12");
        ObjectNode old = (ObjectNode) json.readTree(json.writeValueAsBytes(grant));
        old.put("maskedIdNumber", "360402********123X");
        old.put("birthDate", "1958-03-01");
        publish(ref, json.writeValueAsBytes(old), grant.eventId().toString());
        awaitEvents(ref, 2);

        for (ConsumerRecord<String, byte[]> r : subsidies) {
            JsonNode event = json.readTree(r.value());
            String mask = event.get("maskedIdNumber").asString();
            if (ref.equals(r.key())) {
                assertThat(mask).isEqualTo("360402***********X");
            }
            assertThat(event.has("birthDate")).isFalse();
            assertThat(RebuildAttempt.of(mask).rebuilds()).as(mask).isFalse();
            // person references are 64 random hex digits and may end in a 15-digit run by chance: not text
            ObjectNode text = (ObjectNode) event.deepCopy();
            text.remove("personRef");
            text.remove("householdRef");
            assertThat(FreeText.containsIdNumber(text.toString())).as(text.toString()).isFalse();
        }
        for (String table : List.of("select masked_id from person where masked_id is not null",
                "select masked_id from subsidy_event")) {
            List<String> masks = db.sql(table).map((row, meta) -> row.get(0, String.class)).all().collectList().block();
            assertThat(masks).isNotEmpty();
            for (String mask : masks) {
                assertThat(RebuildAttempt.of(mask).rebuilds()).as(table + ": " + mask).isFalse();
            }
        }
    }

    @Test
    void aDuplicateEventChangesNothing() {
        String ref = newPersonRef();
        IdentityChanged e = identity(ref, "360402", IdentityType.TEKUN, ChangeKind.NEW, UUID.randomUUID(), "2026-10-10", null, "2026-10-12");
        publish(e);
        assertThat(awaitEvents(ref, 2)).extracting(EnrollmentSubsidyChanged::amount).containsOnly("400.00");

        publish(e);
        String marker = newPersonRef();
        publish(identity(marker, "360402", IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-10-10", null, "2026-10-12"));
        awaitEvents(marker, 2);
        assertThat(eventsOf(ref)).hasSize(2);
    }

    @Test
    void anExitArrivingBeforeItsGrantIsHeldThenResolvedWithoutAWrongPayment() {
        String ref = newPersonRef();
        UUID period = UUID.randomUUID();
        publish(identity(ref, "140105", IdentityType.DIBAO, ChangeKind.EXIT, period, "2026-10-10", "2026-12-15", "2026-10-20"));
        String marker = newPersonRef();
        publish(identity(marker, "140105", IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-10-10", null, "2026-10-12"));
        awaitEvents(marker, 2);
        assertThat(eventsOf(ref)).as("a held exit decides nothing").isEmpty();

        publish(identity(ref, "140105", IdentityType.DIBAO, ChangeKind.NEW, period, "2026-10-10", null, "2026-10-12"));
        List<EnrollmentSubsidyChanged> events = awaitEvents(ref, 1);
        // shanxi-2019 十: 2026 from the certificate date until the exit; nothing for 2027 (the exit precedes it).
        EnrollmentSubsidyChanged granted = only(events, 2026, Change.GRANTED);
        assertThat(granted.benefitFrom()).isEqualTo(LocalDate.of(2026, 10, 10));
        assertThat(granted.subsidizedUntil()).isEqualTo(LocalDate.of(2026, 12, 15));
        publish(identity(marker, "140105", IdentityType.DIBAO, ChangeKind.EXIT, UUID.randomUUID(), "2026-10-10", "2026-11-01", "2026-11-02"));
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertThat(eventsOf(ref)).extracting(EnrollmentSubsidyChanged::change).containsExactly(Change.GRANTED);
    }

    @Test
    void anIdentityForARegionWithNoPolicyGoesToTheDeadLetterTopicWithItsReason() {
        String ref = newPersonRef();
        publish(identity(ref, "110105", IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-10-10", null, "2026-10-12"));
        publish(ref, "{not json".getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString());

        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.stream().filter(r -> ref.equals(r.key())).count() >= 2);
        List<String> reasons = deadLetters.stream().filter(r -> ref.equals(r.key()))
                .map(r -> header(r, CloudEventHeaders.DLQ_REASON)).toList();
        assertThat(reasons).containsExactly("no-policy-for-region", "malformed-event");
        assertThat(eventsOf(ref)).isEmpty();
    }

    @Test
    void aContributionPaidBeforeTheIdentityArrivesIsPartlyRefundedAndListedForTheTaxBureau() {
        String id = ResidentIdNumber.withCheckChar("36040219600101" + String.format("%03d", ThreadLocalRandom.current().nextInt(1000)));
        String ref = ResidentIdNumber.of(id).personRef(SECRET.getBytes(StandardCharsets.UTF_8)).value();
        jiujiangOffice().post().uri("/api/v1/enrollment/contributions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("idNumber", id, "year", 2027, "amount", "400.00", "paidOn", "2026-09-15", "regionCode", "360402"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.personRef").isEqualTo(ref).jsonPath("$.status").isEqualTo("NONE");

        publish(identity(ref, "360402", IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-10-10", null, "2026-10-12"));
        List<EnrollmentSubsidyChanged> events = awaitEvents(ref, 3);
        // jiujiang-2022 二(二): paid 400.00, subsidy 280.00 → refund 400 + 280 − 400 = 280.00.
        assertThat(only(events, 2027, Change.GRANTED).amount()).isEqualTo("280.00");
        assertThat(only(events, 2027, Change.REFUND_DUE).amount()).isEqualTo("280.00");

        // Reported again unchanged: nothing happens.
        jiujiangOffice().post().uri("/api/v1/enrollment/contributions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("personRef", ref, "year", 2027, "amount", "400.00", "paidOn", "2026-09-15", "regionCode", "360402"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.unchanged").isEqualTo(true)
                .jsonPath("$.refund").isEqualTo("280.00");

        http().get().uri("/api/v1/enrollment/persons/{ref}/years/2027", ref).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.decision.status").isEqualTo("SUBSIDIZED")
                .jsonPath("$.decision.amount").isEqualTo("280.00")
                .jsonPath("$.contribution.amount").isEqualTo("400.00")
                .jsonPath("$.history.length()").isEqualTo(2)
                // money is a decimal string with two decimals in the history too (JSON numbers would read as 280.0)
                .jsonPath("$.history[0].change").isEqualTo("GRANTED")
                .jsonPath("$.history[0].amount").isEqualTo("280.00")
                .jsonPath("$.history[0].contribution").isEqualTo("400.00")
                .jsonPath("$.history[1].change").isEqualTo("REFUND_DUE")
                .jsonPath("$.history[1].amount").isEqualTo("280.00")
                .jsonPath("$.maskedIdNumber").isEqualTo("360402***********X");

        String month = DateTimeFormatter.ofPattern("yyyy-MM").format(LocalDate.now(ZoneId.of("Asia/Shanghai")));
        byte[] csv = http().get().uri("/api/v1/enrollment/regions/360400/subsidies.csv?month={m}", month).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith("text/csv")
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n");
        assertThat(lines[0]).startsWith("事件编号 event_id,变动 change,参保年度 year,人员标识 person_ref");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(ref).contains(",GRANTED,2027,").contains(",DIBAO,FIXED,400.00,280.00,"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(ref).contains(",REFUND_DUE,2027,"));
        assertThat(text).doesNotContain(id);
    }

    @Test
    void refusedRequestsAreProblemDetails() {
        http().get().uri("/api/v1/enrollment/regions/360400/subsidies.csv?month=2026-13").exchange()
                .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("invalid-month");
        http().get().uri("/api/v1/enrollment/regions/110000/subsidies.csv?month=2026-11").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("unknown-region");
        jiujiangOffice().post().uri("/api/v1/enrollment/contributions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("idNumber", "360402196001011234", "year", 2027, "amount", "400.00", "paidOn", "2026-09-15",
                        "regionCode", "360402"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.code").isEqualTo("invalid-id-number")
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).doesNotContain("360402196001011234"));
        http().get().uri("/api/v1/enrollment/persons/{ref}/years/2027", newPersonRef()).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("person-year-not-found");
    }

    /**
     * No global lock (issue 12): a writer holds the locks of its persons until it commits. A poll for person X is held
     * open half-way (a test transaction holds X's person row, which it must update after taking X's lock): a poll of
     * person Y commits meanwhile; the same event of X delivered again (a rebalance hands a
     * record to another replica) waits for the first and is then a duplicate, deciding nothing a second time.
     */
    @Test
    void writersOfOtherPersonsCommitWhileOneIsOpenAndTheSamePersonsWriterWaitsForIt() throws Exception {
        String x = newPersonRef();
        String y = newPersonRef();
        UUID period = UUID.randomUUID();
        enrollments.apply(List.of(identity(x, "360402", IdentityType.TEKUN, ChangeKind.NEW, period, "2026-10-10", null,
                "2026-10-12"))).block(Duration.ofSeconds(30));
        IdentityChanged exit = identity(x, "360402", IdentityType.TEKUN, ChangeKind.EXIT, period, "2026-10-10",
                "2026-12-15", "2026-10-20");

        try (Connection test = DriverManager.getConnection(TestInfrastructure.jdbcUrl("enrollment"),
                TestInfrastructure.username("enrollment"), TestInfrastructure.password("enrollment"))) {
            test.setAutoCommit(false);
            try (PreparedStatement hold = test.prepareStatement("select 1 from person where person_ref = ? for update")) {
                hold.setString(1, x);
                hold.execute();
            }
            CompletableFuture<Enrollments.BatchResult> first = enrollments.apply(List.of(exit)).toFuture();
            await().atMost(Duration.ofSeconds(20)).until(() -> lockWaiters() >= 1);

            Enrollments.BatchResult other = enrollments.apply(List.of(identity(y, "360402", IdentityType.TEKUN,
                    ChangeKind.NEW, UUID.randomUUID(), "2026-10-10", null, "2026-10-12"))).block(Duration.ofSeconds(20));
            assertThat(other.applied()).isEqualTo(1);
            assertThat(first).as("X's poll is still open").isNotDone();

            CompletableFuture<Enrollments.BatchResult> again = enrollments.apply(List.of(exit)).toFuture();
            await().atMost(Duration.ofSeconds(20)).until(() -> lockWaiters() >= 2);
            assertThat(again).isNotDone();

            test.rollback();
            Enrollments.BatchResult firstResult = first.get(30, TimeUnit.SECONDS);
            Enrollments.BatchResult againResult = again.get(30, TimeUnit.SECONDS);
            assertThat(firstResult.applied()).isEqualTo(1);
            assertThat(againResult.duplicates()).isEqualTo(1);
            assertThat(againResult.applied() + againResult.held()).isZero();
            assertThat(againResult.changes()).isEmpty();
        }
    }

    /** Sessions of this database waiting for a lock (a fresh statement each time: no snapshot of the statistics). */
    long lockWaiters() {
        return db.sql("select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")
                .map((row, meta) -> row.get(0, Long.class)).one().block();
    }

    static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

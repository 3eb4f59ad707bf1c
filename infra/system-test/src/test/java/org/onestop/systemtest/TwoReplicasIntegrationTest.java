package org.onestop.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.ResidentIdNumber;
import org.onestop.events.Topics;
import org.onestop.infra.embedded.KafkaAccess;
import org.onestop.infra.embedded.PortOffsets;

/**
 * Issue 12's proof: the suite as the launcher runs it with {@code ONESTOP_REPLICAS=2} (two of every service, the
 * gateway included, on one embedded broker and database), a mixed load through the gateway as the demo partners
 * (identity batches as JSON and CSV, HTTP settles, bulk discharges, cancellations, applications), and one
 * settlement-service replica SIGKILLed in the middle. Then: every event on every topic published exactly once,
 * no settlement twice, every outbox drained, every webhook delivered once.
 */
class TwoReplicasIntegrationTest {

    /** Ports of this suite: the launcher's plan shifted by this, so it runs beside a launcher on the default ports. */
    private static final String REGION = "360402";
    private static final int PERSONS = 40;
    private static final int CSV_PERSONS = 20;
    private static final int BULK_REQUESTS = 2;
    private static final int BULK_SIZE = 150;
    private static final int CANCELLED = 8;
    private static final int APPLICATIONS = 4;
    /** Persons 0..4 are 低保边缘 (DIBAO_MARGINAL) with a heavy bill: Jiujiang's heavy-burden line (20,000.00 after
     * assistance, 五(一)) warns 民政, whose webhook is this test's receiver. */
    private static final int WARNED = 5;
    private static final Pattern SETTLEMENT_ID = Pattern.compile("\"settlementId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EVENT_KIND = Pattern.compile("\"kind\"\\s*:\\s*\"([A-Z_]+)\"");

    static Path data;
    static Process launcher;
    static Path launcherOutput;
    static int offset;
    static HttpServer webhooks;
    static final List<String> webhookEventIds = new CopyOnWriteArrayList<>();
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTheSuiteWithTwoReplicasOfEverything() throws IOException {
        Path root = Path.of("").toAbsolutePath().resolve("../..").normalize();
        Path jar = root.resolve("infra/launcher/target/onestop-launcher.jar");
        assertThat(jar).as("the reactor packages the launcher and the services first").isRegularFile();
        data = Files.createTempDirectory("onestop-system-test");
        launcherOutput = data.resolve("launcher.out");
        offset = freeOffset();

        webhooks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        webhooks.createContext("/civil-affairs", exchange -> {
            exchange.getRequestBody().readAllBytes();
            webhookEventIds.add(exchange.getRequestHeaders().getFirst("ce-id"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhooks.start();
        String receiver = "http://127.0.0.1:" + webhooks.getAddress().getPort() + "/civil-affairs";

        // the README's command, with two replicas of everything, on ports of its own
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(launcherOutput.toFile());
        command.environment().put("ONESTOP_DATA_DIR", data.toString());
        command.environment().put("ONESTOP_REPLICAS", "2");
        command.environment().put("ONESTOP_PORT_OFFSET", Integer.toString(offset));
        // generous: on a busy two-core machine ten JVMs starting together take minutes, which is not what this tests
        command.environment().put("ONESTOP_READINESS_TIMEOUT", "900");
        // ten JVMs on two cores: small heaps, C1 only (they run minutes, not hours)
        command.environment().put("ONESTOP_SERVICE_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k");
        // the services inherit the launcher's environment: monitoring-service reads its webhook from it, the others
        // ignore a property they do not have
        command.environment().put("SPRING_APPLICATION_JSON",
                "{\"onestop\":{\"monitoring\":{\"webhooks\":{\"CIVIL_AFFAIRS\":\"" + receiver + "\"}}}}");
        launcher = command.start();
        await("the launcher's URL table").atMost(Duration.ofMinutes(16)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !launcher.isAlive() || launcherSaid("Press Ctrl-C"));
        // five services, the gateway and the console, two of each
        assertThat(launcherSaid("12 of 12 service instances UP")).as(Files.readString(launcherOutput)).isTrue();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroy(); // SIGTERM: the launcher stops the services, then Kafka, then PostgreSQL
            if (!launcher.waitFor(2, TimeUnit.MINUTES)) {
                launcher.destroyForcibly();
            }
        }
        if (webhooks != null) {
            webhooks.stop(0);
        }
    }

    static boolean launcherSaid(String text) throws IOException {
        return Files.readString(launcherOutput).contains(text);
    }

    static String gatewayUrl() {
        return "http://localhost:" + (8080 + offset);
    }

    /** SIGKILL, as a crash: the pid is the one the launcher printed when it started that replica. */
    static void kill(String instance) throws IOException {
        Matcher started = Pattern.compile(Pattern.quote(instance) + ": started \\(pid (\\d+),").matcher(Files.readString(launcherOutput));
        assertThat(started.find()).as(instance + " in the launcher's output").isTrue();
        assertThat(ProcessHandle.of(Long.parseLong(started.group(1))).orElseThrow().destroyForcibly()).isTrue();
    }

    @Test
    void mixedLoadWithAReplicaKilledPublishesEveryEventOnceSettlesNothingTwiceAndDeliversEveryWebhookOnce() throws Exception {
        String department = token("civil-affairs-360400");
        String hospital = token("hospital-h360402001");
        String office = token("insurance-office-360400");

        // identities: persons 0..39 as JSON (0..4 低保边缘, the rest 低保), 40..59 as a roster CSV (附件2, 低保), in Jiujiang's 浔阳区
        assertThat(post("/api/v1/identity/batches", department, "application/json", identityBatch()).statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/identity/batches/csv?department=CIVIL_AFFAIRS&category=DIBAO&regionCode=" + REGION
                + "&departmentReference=system-test-roster&effectiveDate=2026-01-01", department, "text/csv", roster()).statusCode())
                .isEqualTo(201);
        // monitoring measures a line with the identities it holds when the settlement arrives (docs/monitoring.md)
        try (Connection monitoringDb = database("monitoring")) {
            await("monitoring knows every identity").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> count(monitoringDb, "select count(distinct person_ref) from identity_period") >= PERSONS + CSV_PERSONS);
        }

        ExecutorService load = Executors.newFixedThreadPool(4);
        try {
            // HTTP settles, one per person, beside the bulk submissions
            List<Future<String>> settles = new ArrayList<>();
            for (int p = 0; p < PERSONS + CSV_PERSONS; p++) {
                int person = p;
                settles.add(load.submit(() -> settle(hospital, person)));
            }
            for (int b = 0; b < BULK_REQUESTS; b++) {
                HttpResponse<String> bulk = postAsAHospitalWould("/api/v1/discharges/bulk", hospital, bulk(b));
                assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(202);
                if (b == 0) {
                    // mid-load, as a crash: its partitions and outbox rows must pass to settlement-service-1
                    kill("settlement-service-2");
                }
            }
            List<String> settled = new ArrayList<>();
            for (Future<String> settle : settles) {
                settled.add(settle.get());
            }
            for (String id : settled.subList(0, CANCELLED)) {
                HttpResponse<String> cancel = postAsAHospitalWould("/api/v1/settlements/" + id + "/cancel", hospital, "{}");
                assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
            }
            for (int p = 0; p < APPLICATIONS; p++) {
                HttpResponse<String> application = post("/api/v1/applications", office, "application/json", """
                        {"idNumber":"%s","regionCode":"%s","kind":"TILTED","applicationDate":"2026-06-01","office":"system test"}"""
                        .formatted(idNumber(p), REGION));
                assertThat(application.statusCode()).as(application.body()).isEqualTo(201);
            }
        } finally {
            load.shutdownNow();
        }

        int settlements = PERSONS + CSV_PERSONS + BULK_REQUESTS * BULK_SIZE;
        try (Connection settlementDb = database("settlement")) {
            await("every discharge settled by the surviving replica").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> count(settlementDb, "select count(*) from settlement") == settlements);
            assertThat(count(settlementDb, "select count(*) from settlement where status = 'REVERSED'")).isEqualTo(CANCELLED);
            assertThat(count(settlementDb, "select count(distinct (hospital_id, message_id)) from settlement")).isEqualTo(settlements);
        }
        for (String db : List.of("identity", "settlement", "enrollment", "monitoring")) {
            try (Connection connection = database(db)) {
                await(db + "'s outbox drained").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> outboxRows(connection) == 0);
            }
        }

        Map<String, List<ConsumerRecord<byte[], byte[]>>> topics = new HashMap<>();
        for (String topic : List.of(Topics.IDENTITY_CHANGED.name(), Topics.SETTLEMENT_COMPLETED.name(),
                Topics.ENROLLMENT_SUBSIDY.name(), Topics.MONITORING_ALERT.name())) {
            topics.put(topic, readAll(topic));
        }
        // Every check below is made and reported, whichever fails first: a failure of "published once" alone says the
        // relays duplicate, and the others still say whether anything was lost or settled twice.
        SoftAssertions checks = new SoftAssertions();
        // each outbox row published exactly once: as many distinct event ids as records, on every topic
        topics.forEach((topic, records) -> checks.assertThat(records.size())
                .as("records on " + topic + " = its distinct ce_id (" + distinctEventIds(records) + ")")
                .isEqualTo(distinctEventIds(records)));
        // one event per accepted identity row, none lost
        checks.assertThat(distinctEventIds(topics.get(Topics.IDENTITY_CHANGED.name()))).as("identity events")
                .isEqualTo(PERSONS + CSV_PERSONS);
        // every settlement announced as settled by exactly one event, every cancellation once (adjustments may add more)
        Map<String, Map<String, Set<String>>> byKind = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : topics.get(Topics.SETTLEMENT_COMPLETED.name())) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            Matcher settlement = SETTLEMENT_ID.matcher(value);
            byKind.computeIfAbsent(kind(value), k -> new HashMap<>())
                    .computeIfAbsent(settlement.find() ? settlement.group(1) : "?", k -> new HashSet<>())
                    .add(header(record, CloudEventHeaders.ID));
        }
        Map<String, Set<String>> settled = byKind.getOrDefault("SETTLED", Map.of());
        checks.assertThat(settled).as("settlements announced as settled").hasSize(settlements);
        checks.assertThat(settled.values()).as("settled events per settlement").allSatisfy(ids -> assertThat(ids).hasSize(1));
        checks.assertThat(byKind.getOrDefault("REVERSED", Map.of())).as("settlements announced as reversed").hasSize(CANCELLED);

        try (Connection monitoringDb = database("monitoring")) {
            await("every webhook delivered").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> count(monitoringDb, "select count(*) from webhook_delivery where delivered_at is null") == 0);
            long delivered = count(monitoringDb, "select count(*) from webhook_delivery where department = 'CIVIL_AFFAIRS'");
            // one heavy-burden warning per warned person, each routed to 民政 once
            checks.assertThat(delivered).as("webhook deliveries to 民政").isEqualTo(WARNED);
            checks.assertThat(new HashSet<>(webhookEventIds)).as("distinct webhook event ids received").hasSize((int) delivered);
            checks.assertThat(webhookEventIds).as("webhooks received, each once").hasSize((int) delivered);
        }
        checks.assertAll();
    }

    static long distinctEventIds(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> header(r, CloudEventHeaders.ID)).distinct().count();
    }

    // --- the load ---

    static String idNumber(int person) {
        return ResidentIdNumber.withCheckChar(REGION + "19600101" + "%03d".formatted(person));
    }

    static String identityBatch() {
        return IntStream.range(0, PERSONS).mapToObj(p -> """
                {"identityType":"%s","regionCode":"%s","idNumber":"%s","name":"测试%d","change":"NEW","startDate":"2026-01-01",\
                "recordReference":"r-%d"}""".formatted(p < WARNED ? "DIBAO_MARGINAL" : "DIBAO", REGION, idNumber(p), p, p))
                .collect(Collectors.joining(",", """
                        {"department":"CIVIL_AFFAIRS","departmentReference":"system-test-json","records":[""", "]}"));
    }

    static String roster() {
        StringBuilder csv = new StringBuilder("乡(镇),行政村,户主姓名,身份证号码,家庭人口数,家庭成员姓名,身份证号码\n");
        for (int p = PERSONS; p < PERSONS + CSV_PERSONS; p++) {
            csv.append("甘棠街道,测试村,户主").append(p).append(',').append(idNumber(p)).append(",1,,\n");
        }
        return csv.toString();
    }

    /**
     * One inpatient discharge of {@code person} in March, settled over HTTP; returns the settlement id. A warned
     * person's bill has 100,000.00 outside the catalogue, which no layer pays: far over the 20,000.00 line.
     */
    static String settle(String token, int person) throws IOException, InterruptedException {
        String costs = person < WARNED ? "\"totalCost\":\"130000.00\",\"inScope\":\"30000.00\",\"outOfCatalogue\":\"100000.00\""
                : "\"totalCost\":\"30000.00\",\"inScope\":\"30000.00\"";
        HttpResponse<String> answer = postAsAHospitalWould("/api/v1/settlements", token, """
                {"hospitalId":"H360402001","messageId":"http-%d","hospitalSettlementRef":"ZY-HTTP-%d","idNumber":"%s",
                 "regionCode":"%s","insuranceType":"RESIDENT","visitType":"INPATIENT","admissionDate":"2026-03-01",
                 "dischargeDate":"2026-03-10","costs":{%s}}"""
                .formatted(person, person, idNumber(person), REGION, costs));
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 201);
        Matcher id = SETTLEMENT_ID.matcher(answer.body());
        assertThat(id.find()).as(answer.body()).isTrue();
        return id.group(1);
    }

    static String bulk(int request) {
        return IntStream.range(0, BULK_SIZE).mapToObj(i -> {
            int n = request * BULK_SIZE + i;
            int person = n % (PERSONS + CSV_PERSONS);
            return """
                    {"hospitalId":"H360402001","messageId":"bulk-%d","hospitalSettlementRef":"ZY-BULK-%d","idNumber":"%s",\
                    "regionCode":"%s","insuranceType":"RESIDENT","visitType":"INPATIENT","admissionDate":"2026-04-01",\
                    "dischargeDate":"2026-04-%02d","totalCost":"8000.00","inScope":"8000.00"}"""
                    .formatted(n, n, idNumber(person), REGION, 2 + n % 27);
        }).collect(Collectors.joining(",", "[", "]"));
    }

    // --- the gateway, as a partner ---

    static String token(String clientId) throws IOException, InterruptedException {
        String line = Files.readAllLines(data.resolve("gateway/demo-credentials.txt")).stream()
                .filter(l -> l.startsWith(clientId + ":")).findFirst().orElseThrow();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(line.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = ACCESS_TOKEN.matcher(answer.body());
        assertThat(token.find()).as(answer.body()).isTrue();
        return token.group(1);
    }

    static HttpResponse<String> post(String path, String token, String contentType, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * As a hospital's HIS does (docs/gateway.md): a 502/503/504 problem — e.g. the call that was in flight on the
     * killed replica, or a slow answer on a busy machine — is repeated with the same body, whose messageId makes the
     * repeat safe; a settle repeated after it took effect answers 200 with the first result.
     */
    static HttpResponse<String> postAsAHospitalWould(String path, String token, String body) throws IOException, InterruptedException {
        HttpResponse<String> answer = post(path, token, "application/json", body);
        for (int attempt = 1; attempt < 5 && answer.statusCode() >= 502 && answer.statusCode() <= 504; attempt++) {
            answer = post(path, token, "application/json", body);
        }
        return answer;
    }

    // --- what was written: the broker as the operator principal, the databases as the superuser ---

    static String secret(String name) throws IOException {
        return Files.readString(data.resolve("secrets").resolve(name + ".password")).strip();
    }

    static Connection database(String name) throws SQLException, IOException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + (5433 + offset) + "/" + name, "postgres",
                secret("postgres-superuser"));
    }

    static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Rows not yet published: the services' own outbox table before the move to messaging, messaging's after it. */
    static long outboxRows(Connection connection) throws SQLException {
        long rows = 0;
        for (String table : List.of("outbox", "messaging_outbox")) {
            if (count(connection, "select count(*) from pg_tables where schemaname = 'public' and tablename = '" + table + "'") > 0) {
                rows += count(connection, "select count(*) from " + table);
            }
        }
        return rows;
    }

    /** Every record of {@code topic} from the beginning to its current end, on every partition, without a group. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) throws IOException {
        Map<String, Object> properties = new HashMap<>(KafkaAccess.clientProperties("localhost:" + (9092 + offset),
                KafkaAccess.OPERATOR, secret("kafka-" + KafkaAccess.OPERATOR)));
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            await("all of " + topic).atMost(Duration.ofMinutes(1)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return records;
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static String kind(String value) {
        Matcher kind = EVENT_KIND.matcher(value);
        return kind.find() ? kind.group(1) : "?";
    }

    /** An offset at which every port of the suite is free and below the kernel's ephemeral range (PortOffsets). */
    static int freeOffset() {
        return PortOffsets.free(List.of(11_000, 13_000, 15_000, 17_000, 19_000, 21_000));
    }

}

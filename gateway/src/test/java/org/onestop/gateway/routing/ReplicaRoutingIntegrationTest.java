package org.onestop.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onestop.events.ResidentIdNumber;
import org.onestop.infra.embedded.TestInfrastructure;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Settlement with three replicas behind the gateway, as {@code SETTLEMENT_URI} lists them: two that answer and one
 * where nothing listens (a killed replica). Calls alternate between the two live ones, and none fails for the dead one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "onestop.person-ref.secret=gateway-test-secret",
        "onestop.gateway.tokens.key-reload=1h",
        // no readiness look during the test: the dead replica is found out by its refused connection alone
        "onestop.gateway.replica-check=1h"})
class ReplicaRoutingIntegrationTest {

    static final Path DIR;
    static final Replica FIRST;
    static final Replica SECOND;
    /** A loopback port just freed: nothing listens there, so every connection is refused (as to a killed replica). */
    static final String DEAD;

    static {
        try {
            DIR = Files.createTempDirectory("gateway-replicas-test");
            FIRST = new Replica();
            SECOND = new Replica();
            try (ServerSocket freed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                DEAD = "http://127.0.0.1:" + freed.getLocalPort();
            }
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "gateway");
        // the dead replica between the live ones: round robin reaches it on every third call unless it is skipped
        registry.add("onestop.gateway.services.settlement", () -> FIRST.baseUrl() + "," + DEAD + "," + SECOND.baseUrl());
        registry.add("onestop.gateway.services.identity", FIRST::baseUrl);
        registry.add("onestop.gateway.services.enrollment", FIRST::baseUrl);
        registry.add("onestop.gateway.services.monitoring", FIRST::baseUrl);
        registry.add("onestop.gateway.tokens.key-file", () -> DIR.resolve("jwks-private.json").toString());
        registry.add("onestop.gateway.internal-tokens.key-file", () -> DIR.resolve("internal-jwks-private.json").toString());
        registry.add("onestop.gateway.internal-tokens.public-file", () -> DIR.resolve("internal-jwks.json").toString());
        registry.add("onestop.gateway.demo.credentials-file", () -> DIR.resolve("demo-credentials.txt").toString());
    }

    @AfterAll
    static void stop() {
        FIRST.close();
        SECOND.close();
    }

    @Value("${local.server.port}")
    int port;

    @BeforeEach
    void clear() {
        FIRST.settles.clear();
        SECOND.settles.clear();
    }

    @Test
    void spreadsSettlesOverTheLiveReplicasAndSendsNoneToTheOneThatRefusesConnections() throws IOException {
        String token = token("hospital-h360402001");

        for (int i = 0; i < 12; i++) {
            // a POST is never retried by the route; only the refused connection lets it move to the next replica
            http().post().uri("/api/v1/settlements").header("Authorization", "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(settleBody("m-" + i))
                    .exchange().expectStatus().isCreated();
        }

        // 12 calls, every one answered by a live replica; round robin over three with the dead one skipped gives the
        // live ones at least a third each (4), whichever position the dead one's turn falls on
        assertThat(FIRST.settles.size() + SECOND.settles.size()).isEqualTo(12);
        assertThat(FIRST.settles).hasSizeGreaterThanOrEqualTo(4);
        assertThat(SECOND.settles).hasSizeGreaterThanOrEqualTo(4);
        // each call reached exactly one replica: no message id twice
        assertThat(FIRST.settles).doesNotContainAnyElementsOf(SECOND.settles);
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
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) body.get("access_token");
    }

    static String settleBody(String messageId) {
        return """
                {"hospitalId":"H360402001","messageId":"%s","hospitalSettlementRef":"R-1","idNumber":"%s","regionCode":"360402",
                 "costs":{"totalCost":12345.67,"inScope":"10000.00"}}""".formatted(messageId,
                ResidentIdNumber.withCheckChar("36040219800101123"));
    }

    /** One live settlement replica: answers every settle 201 and remembers the message ids it was given. */
    static final class Replica implements AutoCloseable {

        final List<String> settles = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Replica() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                byte[] answer;
                int status;
                if (path.equals("/api/v1/settlements")) {
                    settles.add(body.replaceAll("(?s).*\"messageId\"\\s*:\\s*\"([^\"]*)\".*", "$1"));
                    status = 201;
                    answer = "{\"settlementId\":\"22222222-2222-2222-2222-222222222222\",\"status\":\"SETTLED\",\"hospitalId\":\"H360402001\"}"
                            .getBytes(StandardCharsets.UTF_8);
                } else {
                    status = path.equals("/actuator/health/readiness") ? 200 : 404;
                    answer = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}

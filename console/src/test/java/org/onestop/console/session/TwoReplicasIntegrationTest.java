package org.onestop.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onestop.console.ConsoleApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.onestop.console.StandIn;

/**
 * Two console replicas in one JVM, sharing the session key and each other as peers, behind no balancer: the test itself
 * sends each request to the replica it chooses. A session signed in on one is served by the other, a form rendered by
 * one posts to the other, and a sign-out on one is refused by the other, and by a third replica started afterwards.
 */
class TwoReplicasIntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("ONESTOP_CONSOLE=([^;]*)");
    private static final String KEY = Base64.getEncoder().encodeToString(SessionCodecTest.KEY);

    static HttpServer gateway;
    static int[] ports = new int[3];
    static List<ConfigurableApplicationContext> replicas = new ArrayList<>();
    /**
     * HTTP/1.1, not the JDK client's default h2c upgrade, and a bound on every answer: a CI run once waited on a sign-out's
     * answer for minutes with every event loop of both replicas idle; a lost answer now fails the test in a minute.
     */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTheTokenEndpointAndTwoReplicas() throws IOException {
        gateway = StandIn.server();
        gateway.createContext("/oauth2/token", exchange -> {
            byte[] body = "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":600,\"scope\":\"identity:write identity:read\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            StandIn.closeAfter(exchange);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        gateway.start();
        for (int i = 0; i < ports.length; i++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                ports[i] = socket.getLocalPort();
            }
        }
        replicas.add(start(0));
        replicas.add(start(1));
    }

    /** Replica n; every replica (the third one included, once it runs) is everyone's peer. */
    static ConfigurableApplicationContext start(int n) {
        // arguments, not default properties: application.yml's values would win over those
        return new SpringApplicationBuilder(ConsoleApplication.class).run(
                "--server.port=" + ports[n],
                "--server.address=127.0.0.1",
                "--onestop.console.instance-id=console-" + (n + 1),
                "--onestop.console.gateway-uri=http://127.0.0.1:" + gateway.getAddress().getPort(),
                "--onestop.console.session.key=" + KEY,
                "--onestop.console.session.peers=http://127.0.0.1:" + ports[0] + ",http://127.0.0.1:" + ports[1]
                        + ",http://127.0.0.1:" + ports[2],
                "--spring.main.banner-mode=off");
    }

    @AfterAll
    static void stop() {
        replicas.forEach(ConfigurableApplicationContext::close);
        gateway.stop(0);
    }

    static HttpResponse<String> get(int replica, String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[replica] + path))
                .timeout(ANSWER_TIMEOUT).GET();
        if (cookie != null) {
            request.header("Cookie", "ONESTOP_CONSOLE=" + cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(int replica, String path, String cookie, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[replica] + path)).timeout(ANSWER_TIMEOUT)
                .header("Cookie", "ONESTOP_CONSOLE=" + cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String cookie(HttpResponse<?> response) {
        String header = response.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith("ONESTOP_CONSOLE="))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie in " + response.headers()));
        Matcher m = COOKIE.matcher(header);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("the page's form carries its CSRF token").isTrue();
        return m.group(1);
    }

    static String instance(HttpResponse<?> response) {
        return response.headers().firstValue("X-OneStop-Instance").orElseThrow();
    }

    /** The sign-in form from replica {@code formFrom}, posted to replica {@code postTo}: the signed-in session's cookie. */
    static String signIn(int formFrom, int postTo) throws IOException, InterruptedException {
        HttpResponse<String> form = get(formFrom, "/console/login", null);
        HttpResponse<String> signedIn = post(postTo, "/console/login", cookie(form),
                "_csrf=" + csrf(form) + "&clientId=civil-affairs-360400&secret=right");
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        return cookie(signedIn);
    }

    @Test
    void aSessionSignedInOnOneReplicaIsServedByTheOtherAndItsFormsPostToEither() throws Exception {
        String session = signIn(0, 1);

        HttpResponse<String> onFirst = get(0, "/console/batches", session);
        HttpResponse<String> onSecond = get(1, "/console/batches", session);
        assertThat(onFirst.statusCode()).isEqualTo(200);
        assertThat(onSecond.statusCode()).isEqualTo(200);
        assertThat(List.of(instance(onFirst), instance(onSecond))).containsExactly("console-1", "console-2");
        assertThat(onSecond.body()).contains("civil-affairs-360400");

        // the sign-out form as replica 1 rendered it, posted to replica 2: the CSRF token is the session's, not a JVM's
        HttpResponse<String> signedOut = post(1, "/console/logout", session, "_csrf=" + csrf(onFirst));
        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(signedOut.headers().firstValue("Location")).contains("/console/login?logout");
        assertThat(signedOut.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("ONESTOP_CONSOLE=;")
                .containsIgnoringCase("Max-Age=0"));
    }

    @Test
    void aSignedOutCookieReplayedIsRefusedByEveryReplicaAndByOneStartedAfterTheSignOut() throws Exception {
        String session = signIn(1, 0);
        HttpResponse<String> page = get(1, "/console/batches", session);
        String csrf = csrf(page);
        assertThat(post(0, "/console/logout", session, "_csrf=" + csrf).statusCode()).isEqualTo(303);

        for (int replica = 0; replica < 2; replica++) {
            HttpResponse<String> replayed = get(replica, "/console/batches", session);
            assertThat(replayed.statusCode()).as("replica " + replica).isEqualTo(303);
            assertThat(replayed.headers().firstValue("Location")).as("replica " + replica).contains("/console/login");
            // and its forms: the revoked session has no CSRF token any more
            assertThat(post(replica, "/console/logout", session, "_csrf=" + csrf).statusCode()).as("replica " + replica)
                    .isEqualTo(403);
        }

        // a replica that starts now learns the sign-out from its peers before it is ready
        replicas.add(start(2));
        HttpResponse<String> onThird = get(2, "/console/batches", session);
        assertThat(instance(onThird)).isEqualTo("console-3");
        assertThat(onThird.statusCode()).isEqualTo(303);
        // while a session that was not signed out works there too
        assertThat(get(2, "/console/batches", signIn(0, 1)).statusCode()).isEqualTo(200);
    }

    @Test
    void aRevocationNotSealedUnderTheKeyIsRefusedAndChangesNothing() throws Exception {
        String session = signIn(0, 0);
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[1] + Revocations.PATH))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new SessionCodec(SessionCodecTest.OLD_KEY, null)
                        .sealRevocations(Map.of("00112233445566778899aabbccddeeff", Instant.now().plusSeconds(600)))))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(get(1, "/console/batches", session).statusCode()).isEqualTo(200);
    }
}

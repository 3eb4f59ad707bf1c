package org.onestop.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.onestop.console.StandIn;

/**
 * Sign-in, session and CSRF against a stand-in for the gateway's token endpoint (a tiny HTTP server answering as
 * {@code POST /oauth2/token} does): the token's scopes decide the pages, a refused secret is a 401 page, the session
 * ends with the token, and a POST without the form's CSRF token is refused. The whole suite behind a real gateway is
 * {@code infra/system-test}'s ConsoleBrowserIntegrationTest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class SignInIntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("ONESTOP_CONSOLE=([^;]+)");

    static HttpServer gateway;
    /** The token lifetime the stand-in grants, in seconds. */
    static final AtomicInteger expiresIn = new AtomicInteger(600);

    @Autowired
    WebTestClient client;
    WebTestClient web;

    @BeforeEach
    void patientClient() {
        // a loaded CI machine renders a first page in more than the default 5 s
        web = client.mutate().responseTimeout(Duration.ofSeconds(60)).build();
    }

    @BeforeAll
    static void startTheTokenEndpoint() throws IOException {
        gateway = StandIn.server();
        gateway.createContext("/oauth2/token", exchange -> {
            String basic = exchange.getRequestHeaders().getFirst("Authorization");
            String credentials = basic == null ? "" : new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
            String scope = switch (credentials) {
                case "civil-affairs-360400:right" -> "identity:write identity:read warnings:read warnings:write";
                case "hospital-h360402001:right" -> "settlement:write settlement:read persons:read";
                default -> null;
            };
            byte[] body = (scope == null ? "{\"error\":\"invalid_client\"}"
                    : "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn.get() + ",\"scope\":\"" + scope + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            StandIn.closeAfter(exchange);
            exchange.sendResponseHeaders(scope == null ? 401 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        gateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.stop(0);
    }

    @DynamicPropertySource
    static void gatewayUri(DynamicPropertyRegistry registry) {
        registry.add("onestop.console.gateway-uri", () -> "http://127.0.0.1:" + gateway.getAddress().getPort());
    }

    /** A fresh session's cookie and the CSRF token of its sign-in form. */
    record Form(String cookie, String csrf) {
    }

    Form signInForm() {
        EntityExchangeResult<String> page = web.get().uri("/console/login").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult();
        Matcher csrf = CSRF.matcher(page.getResponseBody());
        assertThat(csrf.find()).as("the form carries its CSRF token").isTrue();
        return new Form(cookie(page), csrf.group(1));
    }

    EntityExchangeResult<String> signIn(Form form, String clientId, String secret) {
        return web.post().uri("/console/login").header(HttpHeaders.COOKIE, "ONESTOP_CONSOLE=" + form.cookie())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("_csrf", form.csrf()).with("clientId", clientId).with("secret", secret))
                .exchange().expectBody(String.class).returnResult();
    }

    static String cookie(EntityExchangeResult<?> result) {
        String header = result.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE);
        assertThat(header).as("a session cookie").isNotNull();
        // attribute names are case-insensitive (RFC 6265): Reactor Netty writes "HTTPOnly"
        assertThat(header.toLowerCase(Locale.ROOT)).contains("; httponly", "; samesite=lax", "; path=/console");
        Matcher m = COOKIE.matcher(header);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    EntityExchangeResult<String> get(String path, String cookie) {
        return web.get().uri(path).header(HttpHeaders.COOKIE, "ONESTOP_CONSOLE=" + cookie).exchange()
                .expectBody(String.class).returnResult();
    }

    @Test
    void aDepartmentSignsInWithANewSessionIdAndSeesTheClerksPages() {
        Form form = signInForm();
        EntityExchangeResult<String> signedIn = signIn(form, "civil-affairs-360400", "right");

        assertThat(signedIn.getStatus().value()).isEqualTo(303);
        assertThat(signedIn.getResponseHeaders().getLocation()).hasToString("/console/");
        String session = cookie(signedIn);
        assertThat(session).as("the session id changes on sign-in").isNotEqualTo(form.cookie());
        EntityExchangeResult<String> home = get("/console/", session);
        assertThat(home.getStatus().value()).isEqualTo(200);
        assertThat(home.getResponseBody()).contains("名单上传", "civil-affairs-360400").doesNotContain("依申请救助");
        assertThat(get("/console/batches", session).getStatus().value()).isEqualTo(200);
        assertThat(get("/console/applications", session).getStatus().value()).isEqualTo(403);
    }

    @Test
    void aWrongSecretIsA401PageInChineseAndSignsNobodyIn() {
        Form form = signInForm();
        EntityExchangeResult<String> refused = signIn(form, "civil-affairs-360400", "wrong");

        assertThat(refused.getStatus().value()).isEqualTo(401);
        assertThat(refused.getResponseBody()).contains("客户端编号或密钥不正确");
        EntityExchangeResult<String> after = get("/console/batches", form.cookie());
        assertThat(after.getStatus().value()).isEqualTo(303);
        assertThat(after.getResponseHeaders().getLocation()).hasToString("/console/login");
    }

    @Test
    void aHospitalIsToldItMayUseNoPageOfTheConsole() {
        String session = cookie(signIn(signInForm(), "hospital-h360402001", "right"));

        EntityExchangeResult<String> home = get("/console/", session);
        assertThat(home.getStatus().value()).isEqualTo(403);
        assertThat(home.getResponseBody()).contains("无权访问").doesNotContain("名单上传");
        assertThat(get("/console/batches", session).getStatus().value()).isEqualTo(403);
        assertThat(get("/console/warnings", session).getStatus().value()).isEqualTo(403);
    }

    @Test
    void theSessionEndsWhenThePartnersTokenExpires() throws InterruptedException {
        expiresIn.set(1);
        try {
            String session = cookie(signIn(signInForm(), "civil-affairs-360400", "right"));
            Thread.sleep(1_100);

            EntityExchangeResult<String> expired = get("/console/batches", session);
            assertThat(expired.getStatus().value()).isEqualTo(303);
            assertThat(expired.getResponseHeaders().getLocation()).hasToString("/console/login?expired");
        } finally {
            expiresIn.set(600);
        }
    }

    @Test
    void aPostWithoutTheFormsCsrfTokenIsRefused() {
        Form form = signInForm();
        web.post().uri("/console/login").header(HttpHeaders.COOKIE, "ONESTOP_CONSOLE=" + form.cookie())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("clientId", "civil-affairs-360400").with("secret", "right"))
                .exchange().expectStatus().isForbidden();
    }
}

package org.onestop.console.clerk;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * The clerk's batch pages as rendered from identity-service's answers (a stand-in for the gateway answering the token,
 * the list, one batch and its rows as the API does): codes shown by their Chinese names, times in Beijing, and the
 * list's filters passed on as the API names them. Every member the API answers is in the stand-in's JSON, null ones
 * too (the templates read them from maps, where a missing key is an error, not a null). The real suite in a browser is infra/system-test's
 * ConsoleBrowserIntegrationTest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ClerkPagesIntegrationTest {

    static final String BATCH = "5f0c6a1e-0000-4000-8000-000000000001";
    static final String BATCH_JSON = "{\"batchId\":\"" + BATCH + "\",\"department\":\"CIVIL_AFFAIRS\",\"area\":\"360400\","
            + "\"departmentReference\":\"浔阳民政-2026-01-更正1\",\"kind\":\"ROSTER\",\"source\":\"XLSX\","
            + "\"identityType\":\"DIBAO\",\"receivedAt\":\"2026-01-10T16:30:00Z\",\"totalRows\":2,\"acceptedRows\":1,"
            + "\"rejectedRows\":1,\"status\":\"PARTIAL\",\"correctionOf\":\"浔阳民政-2026-01\",\"version\":2,"
            + "\"report\":\"/api/v1/identity/batches/" + BATCH + "\",\"rows\":\"/api/v1/identity/batches/" + BATCH + "/rows\"}";
    static final String ROWS_JSON = "{\"batchId\":\"" + BATCH + "\",\"status\":\"all\",\"page\":0,\"size\":100,\"rows\":["
            + "{\"rowNumber\":3,\"recordReference\":\"line 3\",\"status\":\"ACCEPTED\",\"reasonCode\":null,\"reason\":null,"
            + "\"maskedIdNumber\":\"360402********0011\",\"personRef\":\"ab\",\"identityType\":\"DIBAO\",\"change\":\"NEW\"},"
            + "{\"rowNumber\":4,\"recordReference\":\"line 4\",\"status\":\"REJECTED\",\"reasonCode\":\"ID_CHECK_DIGIT\","
            + "\"reason\":\"身份证号码校验位错误\",\"maskedIdNumber\":null,\"personRef\":null,\"identityType\":\"FUTURE_TYPE\","
            + "\"change\":\"EXIT\"}]}";

    static HttpServer gateway;
    /** The query strings the list was asked with. */
    static final List<String> listQueries = new CopyOnWriteArrayList<>();

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("ONESTOP_CONSOLE=([^;]+)");

    @Autowired
    WebTestClient client;

    @BeforeAll
    static void startTheStandIn() throws IOException {
        gateway = StandIn.server();
        gateway.createContext("/oauth2/token", exchange -> answer(exchange, 200, "{\"access_token\":\"t\",\"token_type\":"
                + "\"Bearer\",\"expires_in\":600,\"scope\":\"identity:write identity:read warnings:read warnings:write\"}"));
        gateway.createContext("/api/v1/identity/batches", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/v1/identity/batches")) {
                listQueries.add(String.valueOf(exchange.getRequestURI().getQuery()));
                answer(exchange, 200, "{\"page\":0,\"size\":20,\"total\":1,\"batches\":[" + BATCH_JSON + "]}");
            } else if (path.endsWith("/rows")) {
                answer(exchange, 200, ROWS_JSON);
            } else {
                answer(exchange, 200, BATCH_JSON);
            }
        });
        gateway.start();
    }

    static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        StandIn.closeAfter(exchange);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @AfterAll
    static void stop() {
        gateway.stop(0);
    }

    @DynamicPropertySource
    static void gatewayUri(DynamicPropertyRegistry registry) {
        registry.add("onestop.console.gateway-uri", () -> "http://127.0.0.1:" + gateway.getAddress().getPort());
    }

    WebTestClient web() {
        return client.mutate().responseTimeout(Duration.ofSeconds(60)).build();
    }

    /** A signed-in clerk's session cookie. */
    String clerk() {
        EntityExchangeResult<String> login = web().get().uri("/console/login").exchange().expectBody(String.class).returnResult();
        Matcher csrf = CSRF.matcher(login.getResponseBody());
        assertThat(csrf.find()).isTrue();
        EntityExchangeResult<String> signedIn = web().post().uri("/console/login")
                .header(HttpHeaders.COOKIE, "ONESTOP_CONSOLE=" + session(login))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("_csrf", csrf.group(1)).with("clientId", "civil-affairs-360400")
                        .with("secret", "s"))
                .exchange().expectBody(String.class).returnResult();
        return session(signedIn);
    }

    static String session(EntityExchangeResult<?> result) {
        Matcher m = COOKIE.matcher(String.valueOf(result.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE)));
        assertThat(m.find()).as("a session cookie").isTrue();
        return m.group(1);
    }

    String page(String path, String session) {
        return web().get().uri(path).header(HttpHeaders.COOKIE, "ONESTOP_CONSOLE=" + session).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void theEarlierBatchesShowChineseNamesBeijingTimeAndTheCorrectionsVersion() {
        String html = page("/console/batches?status=partial&kind=&page=0", clerk());
        // 16:30 UTC on 10 January is 00:30 on the 11th in Beijing
        assertThat(html).contains("浔阳民政-2026-01-更正1", "第 1 次更正", "2026-01-11 00:30", "救助对象名单(附件2)",
                "Excel 文件", "低保对象", "部分拒绝", "/console/batches/" + BATCH);
        assertThat(html).doesNotContain("2026-01-10T16:30", ">ROSTER<", ">DIBAO<", ">PARTIAL<");
        // an empty filter is not passed on (the API would refuse kind=)
        assertThat(listQueries).contains("status=partial&page=0&size=20");
    }

    @Test
    void theReportShowsChineseNamesBeijingTimeAndAnUnknownCodeAsItself() {
        String html = page("/console/batches/" + BATCH, clerk());
        assertThat(html).contains("2026-01-11 00:30", "低保对象", "新识别", "退出", "接收", "拒绝", "Excel 文件",
                "FUTURE_TYPE");
        assertThat(html).doesNotContain("2026-01-10T16:30", ">DIBAO<", ">NEW<", ">ACCEPTED<", ">REJECTED<");
    }
}

package org.onestop.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
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

/**
 * The office's decision page and the department's worklist rendered from the API's answers, against a stand-in for the
 * gateway (token endpoint, one application, one warning routed to two departments). The suite behind the real gateway
 * is infra/system-test's ConsoleBrowserIntegrationTest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class PagesRenderingIntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("ONESTOP_CONSOLE=([^;]+)");
    private static final String APPLICATION = "11111111-2222-3333-4444-555555555555";
    private static final String WARNING = "99999999-2222-3333-4444-555555555555";

    static HttpServer gateway;
    static volatile String warningsQuery;

    @Autowired
    WebTestClient client;

    @BeforeAll
    static void startTheGateway() throws IOException {
        gateway = StandIn.server();
        gateway.createContext("/oauth2/token", exchange -> {
            String credentials = new String(Base64.getDecoder().decode(exchange.getRequestHeaders().getFirst("Authorization")
                    .substring(6)), StandardCharsets.UTF_8);
            boolean office = credentials.startsWith("insurance-office");
            String claims = office ? "{\"sub\":\"insurance-office-360400\"}"
                    : "{\"sub\":\"rural-revitalization-360400\",\"department\":\"RURAL_REVITALIZATION\"}";
            String jwt = "eyJhbGciOiJSUzI1NiJ9." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".sig";
            String scope = office ? "applications:write applications:read" : "identity:write identity:read warnings:read warnings:write";
            send(exchange, "{\"access_token\":\"" + jwt + "\",\"expires_in\":600,\"scope\":\"" + scope + "\"}");
        });
        gateway.createContext("/api/v1/applications/" + APPLICATION, exchange -> send(exchange, """
                {"applicationId":"%s","status":"APPROVED","maskedIdNumber":"360402********123X","notice":null,"regionCode":"360402","kind":"TILTED","applicationDate":"2026-06-01",
                 "policyVersion":"jiujiang-2022","windowFrom":"2026-01-01","windowUntil":"2027-01-01","adjustmentLines":2,
                 "adjustmentsPaid":"7000.00","adjustments":[
                 {"settlementId":"a","hospitalId":"H360402001","hospitalSettlementRef":"ZY-1","dischargeDate":"2026-03-01",
                  "layer":"SECONDARY_ASSISTANCE","fundCode":"610102","before":"0.00","after":"5000.00","difference":"5000.00",
                  "clause":"jiujiang-2022 三(三)2(5)","reason":"GRANT_APPROVED","adjustedAt":"2026-06-01T16:30:00Z"},
                 {"settlementId":"b","hospitalId":"H360402001","hospitalSettlementRef":"ZY-2","dischargeDate":"2026-04-01",
                  "layer":"SECONDARY_ASSISTANCE","fundCode":"610102","before":"0.00","after":"2000.00","difference":"2000.00",
                  "clause":"jiujiang-2022 三(三)2(5)","reason":"GRANT_APPROVED","adjustedAt":"2026-06-01T16:30:00Z"}]}"""
                .formatted(APPLICATION)));
        gateway.createContext("/api/v1/monitoring/warnings", exchange -> {
            warningsQuery = exchange.getRequestURI().getRawQuery();
            send(exchange, """
                    [{"id":"%s","maskedIdNumber":"360402********123X","regionCode":"360402","lineName":"高额医疗费用负担预警",
                      "clause":"jiujiang-2022 五(一)","burden":"30000.00","threshold":"20000.00","status":"ACKNOWLEDGED",
                      "raisedAt":"2026-03-10T16:00:00Z","routes":[
                      {"department":"CIVIL_AFFAIRS","acknowledgedAt":"2026-03-11T02:00:00Z","note":null},
                      {"department":"RURAL_REVITALIZATION","acknowledgedAt":null,"note":null}]}]""".formatted(WARNING));
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

    @Test
    void theDecisionPageListsEachAdjustmentAndATotalThatBalancesWithThePaidSum() {
        String page = get("/console/applications/" + APPLICATION, signIn("insurance-office-360400"));
        // 5,000.00 + 2,000.00 = 7,000.00, the application's adjustmentsPaid
        assertThat(page).contains("id=\"adjustment-lines\"", "ZY-1", "2026-03-01", "倾斜救助/再救助", "5000.00", "ZY-2", "2000.00",
                "jiujiang-2022 三(三)2(5)", "2026-06-02 00:30", "<td class=\"num\" id=\"adjustment-sum\">7000.00</td>",
                "与补付合计 7000.00 元相符");
    }

    @Test
    void theSecondDepartmentIsOfferedItsOwnAcknowledgementOfAnAcknowledgedWarningWithItsFiltersKept() {
        String page = get("/console/warnings?status=ACKNOWLEDGED&county=360402&page=1", signIn("rural-revitalization-360400"));
        assertThat(warningsQuery).contains("status=ACKNOWLEDGED", "county=360402", "limit=21", "offset=20");
        assertThat(page).contains("id=\"warning-" + WARNING + "\"", "民政", "已确认 2026-03-11 10:00", "乡村振兴(本部门)", "未确认",
                "action=\"/console/warnings/" + WARNING + "/acknowledge\"", "name=\"county\" value=\"360402\"", "上一页")
                .doesNotContain("下一页");
    }

    private String signIn(String clientId) {
        WebTestClient web = client.mutate().responseTimeout(Duration.ofSeconds(60)).build();
        EntityExchangeResult<String> form = web.get().uri("/console/login").exchange().expectBody(String.class).returnResult();
        Matcher csrf = CSRF.matcher(form.getResponseBody());
        assertThat(csrf.find()).isTrue();
        EntityExchangeResult<String> signedIn = web.post().uri("/console/login")
                .header(HttpHeaders.COOKIE, "ONESTOP_CONSOLE=" + cookie(form)).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("_csrf", csrf.group(1)).with("clientId", clientId).with("secret", "right"))
                .exchange().expectBody(String.class).returnResult();
        return cookie(signedIn);
    }

    private String get(String path, String session) {
        return client.mutate().responseTimeout(Duration.ofSeconds(60)).build().get().uri(path)
                .header(HttpHeaders.COOKIE, "ONESTOP_CONSOLE=" + session).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private static String cookie(EntityExchangeResult<?> result) {
        Matcher m = COOKIE.matcher(result.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static void send(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        StandIn.closeAfter(exchange);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}

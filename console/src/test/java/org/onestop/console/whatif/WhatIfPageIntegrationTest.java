package org.onestop.console.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.onestop.console.StandIn;

/**
 * The what-if pages against a stand-in for the gateway (a tiny HTTP server answering {@code /oauth2/token} and
 * {@code /api/v1/what-if} as docs/what-if.md says they answer): what the form sends, the page that refreshes itself
 * while the run works, cancel, the finished run's figures, charts and CSV, and the API's refusals shown in Chinese.
 * The whole suite behind a real gateway is {@code infra/system-test}'s ConsoleBrowserIntegrationTest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class WhatIfPageIntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("ONESTOP_CONSOLE=([^;]+)");
    private static final String RUN = "0b8e2a6c-3f4d-4c1e-9a57-5d2f3e1c9b10";

    static HttpServer gateway;
    /** What the stand-in answers to the next POST /api/v1/what-if: status and JSON body. */
    static final AtomicReference<Object[]> startAnswer = new AtomicReference<>();
    /** The run document GET /api/v1/what-if/{id} answers. */
    static final AtomicReference<String> run = new AtomicReference<>();
    /** Every API call the console made: method, path and body. */
    static final List<String> calls = new CopyOnWriteArrayList<>();

    @Autowired
    WebTestClient client;
    WebTestClient web;

    @BeforeAll
    static void startTheGateway() throws IOException {
        gateway = StandIn.server();
        gateway.createContext("/oauth2/token", exchange -> {
            String basic = exchange.getRequestHeaders().getFirst("Authorization");
            String who = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
            String scope = who.startsWith("insurance-office") ? "applications:write applications:read whatif:write whatif:read"
                    : "identity:write identity:read";
            send(exchange, 200, "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":600,\"scope\":\"" + scope + "\"}",
                    "application/json");
        });
        gateway.createContext("/api/v1/what-if", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + body);
            switch (exchange.getRequestMethod()) {
                case "POST" -> send(exchange, (Integer) startAnswer.get()[0], (String) startAnswer.get()[1], "application/json");
                case "DELETE" -> send(exchange, 202, run.get(), "application/json");
                default -> {
                    String accept = Objects.toString(exchange.getRequestHeaders().getFirst("Accept"), "");
                    if (accept.contains("text/csv")) {
                        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"what-if-" + RUN + ".csv\"");
                        send(exchange, 200, "section,key,detail,current,candidate,difference\ntotal,fundOutlay,,47325.00,48480.00,1155.00\n",
                                "text/csv; charset=UTF-8");
                    } else {
                        send(exchange, 200, run.get(), "application/json");
                    }
                }
            }
        });
        gateway.start();
    }

    private static void send(HttpExchange exchange, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        StandIn.closeAfter(exchange);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
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

    @BeforeEach
    void patientClient() {
        web = client.mutate().responseTimeout(Duration.ofSeconds(60)).build();
        calls.clear();
        startAnswer.set(new Object[] {202, "{\"id\":\"" + RUN + "\",\"status\":\"QUEUED\"}"});
    }

    // ---------------------------------------------------------------- the form

    @Test
    void theFormSendsTheOverrideLinesAsTheApisOverridesAndLeadsToTheRunsPage() {
        Session office = signIn("insurance-office-360400");
        EntityExchangeResult<String> started = office.post("/console/what-if", form("360400", "2025",
                "# 二类人员第一段 5 个百分点\nassistance.categories.class2.bands[0].ratio = 80%\n\n"
                        + "assistance.categories.class2.deductible=0 | 试算\n", null));

        assertThat(started.getStatus().value()).isEqualTo(303);
        assertThat(started.getResponseHeaders().getLocation()).hasToString("/console/what-if/" + RUN);
        // the comment and the blank line are not sent; the second line's clause stays part of its value
        assertThat(calls).singleElement().isEqualTo("POST /api/v1/what-if {\"region\":\"360400\",\"year\":2025,"
                + "\"candidate\":{\"overrides\":{\"assistance.categories.class2.bands[0].ratio\":\"80%\","
                + "\"assistance.categories.class2.deductible\":\"0 | 试算\"}}}");
    }

    @Test
    void anUploadedPolicyFileIsSentWholeAsTheCandidatesYaml() {
        Session office = signIn("insurance-office-360400");
        EntityExchangeResult<String> started = office.post("/console/what-if",
                form("360400", "2025", "", "version: jiujiang-2022\nregion: \"360400\"\n"));

        assertThat(started.getStatus().value()).isEqualTo(303);
        assertThat(calls).singleElement().isEqualTo("POST /api/v1/what-if {\"region\":\"360400\",\"year\":2025,"
                + "\"candidate\":{\"yaml\":\"version: jiujiang-2022\\nregion: \\\"360400\\\"\\n\"}}");
    }

    @Test
    void aLineWithoutAnEqualsSignIsRefusedByItsNumberAndNothingIsSent() {
        Session office = signIn("insurance-office-360400");
        EntityExchangeResult<String> refused = office.post("/console/what-if",
                form("360400", "2025", "a.b = 1\nassistance.categories.class2.bands[0].ratio 80%\n", null));

        assertThat(refused.getStatus().value()).isEqualTo(400);
        assertThat(refused.getResponseBody()).contains("第 2 行应为「参数 = 值」");
        assertThat(calls).isEmpty();
    }

    @Test
    void theApisRefusalOfTheCandidateIsShownWithTheParameterItNames() {
        startAnswer.set(new Object[] {400, """
                {"type":"/problems/invalid-candidate","status":400,"code":"invalid-candidate",
                 "field":"assistance.categories.class2.bands[0].ratio",
                 "detail":"候选政策无效 (the candidate is invalid: ratio 180% is outside 0–100%)"}"""});
        Session office = signIn("insurance-office-360400");
        EntityExchangeResult<String> refused = office.post("/console/what-if",
                form("360400", "2025", "assistance.categories.class2.bands[0].ratio = 180%", null));

        assertThat(refused.getStatus().value()).isEqualTo(400);
        assertThat(refused.getResponseBody()).contains("候选政策无效", "ratio 180% is outside 0–100%",
                "(参数:assistance.categories.class2.bands[0].ratio)");
    }

    @Test
    void theOfficesLimitOfActiveRunsIsShownAsTheApiSaysIt() {
        startAnswer.set(new Object[] {429, """
                {"type":"/problems/what-if-limit","status":429,"code":"what-if-limit","limit":2,
                 "detail":"本机构已有 2 个推演在排队或计算中,请等待其完成或撤销后再提交 (2 what-if runs of this office are queued or running: the limit)"}"""});
        Session office = signIn("insurance-office-360400");
        EntityExchangeResult<String> refused = office.post("/console/what-if", form("360400", "2025", "a.b = 1", null));

        assertThat(refused.getStatus().value()).isEqualTo(429);
        assertThat(refused.getResponseBody()).contains("本机构已有 2 个推演在排队或计算中");
    }

    @Test
    void aClerkHasNoWhatIfPage() {
        Session clerk = signIn("civil-affairs-360400");
        assertThat(clerk.get("/console/what-if").getStatus().value()).isEqualTo(403);
        assertThat(clerk.get("/console/").getResponseBody()).doesNotContain("政策推演");
    }

    // ---------------------------------------------------------------- the run's page

    @Test
    void aRunningRunsPageReloadsItselfAndCancelsWithItsCsrfToken() {
        run.set(runDocument("RUNNING", "{\"persons\":4000,\"done\":2000}", "null"));
        Session office = signIn("insurance-office-360400");
        EntityExchangeResult<String> page = office.get("/console/what-if/" + RUN);

        assertThat(page.getStatus().value()).isEqualTo(200);
        String html = page.getResponseBody();
        assertThat(html).contains("<meta http-equiv=\"refresh\" content=\"2\">", "计算中", "2000 / 4000 人", "撤销推演")
                .doesNotContain("<script");
        // cancel is a form POST carrying the session's CSRF token; the API's DELETE follows
        EntityExchangeResult<String> cancelled = office.postForm("/console/what-if/" + RUN + "/cancel", csrf(html));
        assertThat(cancelled.getStatus().value()).isEqualTo(303);
        assertThat(cancelled.getResponseHeaders().getLocation()).hasToString("/console/what-if/" + RUN);
        assertThat(calls).contains("DELETE /api/v1/what-if/" + RUN + " ");
    }

    @Test
    void aFinishedRunShowsBothSidesInTablesBesideTheirChartsAndLinksTheCsv() throws IOException {
        String result;
        try (InputStream in = getClass().getResourceAsStream("/whatif/result.json")) {
            result = new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8);
        }
        run.set(runDocument("DONE", "{\"persons\":3,\"done\":3}", result));
        Session office = signIn("insurance-office-360400");
        String html = office.get("/console/what-if/" + RUN).getResponseBody();
        // -Dwhatif.page.dir=<dir>: the page is also written there, to be photographed for docs/console
        String dir = System.getProperty("whatif.page.dir");
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            Files.writeString(Path.of(dir, "whatif-result.html"), html, StandardCharsets.UTF_8);
        }

        assertThat(html).doesNotContain("http-equiv=\"refresh\"", "撤销推演").contains("已完成", "jiujiang-2022");
        // the submission time in Beijing time: 16:00 UTC is midnight the next day in Beijing
        assertThat(html).contains("2026-12-06 00:00:00(北京时间)");
        // the table cells, read without the template's line breaks between them
        String cells = html.replaceAll(">\\s+<", "><");
        // jiujiang-2022 三(三)2(2): 75 % → 80 % pays 5 % of the bases 3,100 + 20,000 = 1,155.00 more; 47,325.00 before
        assertThat(cells).contains("<td>47,325.00</td><td>48,480.00</td><td>1,155.00</td>");
        // the assistance layer by its fund (610100), the basic layer unchanged
        assertThat(cells).contains("<th scope=\"row\">医疗救助</th><td>610100 医疗救助基金</td><td>17,325.00</td><td>18,480.00</td><td>1,155.00</td>");
        assertThat(cells).contains("<th scope=\"row\">基本医疗保险</th><td>390100 城乡居民基本医疗保险基金</td><td>30,000.00</td><td>30,000.00</td><td>0.00</td>");
        // a category by the policy file's name (jiujiang-2022 一 二类人员), the stays without one as 无救助类别
        assertThat(cells).contains("<th scope=\"row\">二类人员（低保对象、返贫致贫人口）</th><td>37,325.00</td>",
                "<th scope=\"row\">无救助类别</th><td>10,000.00</td>");
        // deciles, nearest rank over 3 person-years: the 40th is the ⌈4·3/10⌉ = 2nd smallest, 5,000.00 of
        // [775.00, 5,000.00, 5,000.00] now and 4,000.00 of [620.00, 4,000.00, 5,000.00] under the candidate
        assertThat(cells).contains("<th scope=\"row\">40%</th><td>5,000.00</td><td>4,000.00</td><td>-1,000.00</td>");
        // 40 % of the 2024 income figure the policy uses: 38,000.00 × 0.40 = 15,200.00; nobody over it
        assertThat(cells).contains("<td>15,200.00</td><td>15,200.00</td>", "<td>0.00%</td>");
        // the top change by personRef only: 1,000.00 more from the funds, 1,000.00 less for the patient
        assertThat(cells).contains("977af4b94bf2f726e1c4b06c10f11076c18a1b9fa95c4bbd3e68146fa985eabc</code></th>"
                + "<td>25,000.00</td><td>26,000.00</td><td>1,000.00</td><td>5,000.00</td><td>4,000.00</td><td>-1,000.00</td>");
        // three charts drawn on the server, each named and described for a screen reader
        assertThat(Pattern.compile("<svg [^>]*role=\"img\"").matcher(html).results().count()).isEqualTo(3);
        assertThat(html).contains("<title id=\"chart-layers-title\">按层级与基金的基金支出(元)</title>",
                "<title id=\"chart-counties-title\">按县区的基金支出(元)</title>",
                "<title id=\"chart-deciles-title\">个人负担的十分位数(元)</title>");
        assertThat(html.getBytes(StandardCharsets.UTF_8).length).as("the page within the console's budget").isLessThan(90_000);

        EntityExchangeResult<String> csv = office.get("/console/what-if/" + RUN + "/result.csv");
        assertThat(csv.getStatus().value()).isEqualTo(200);
        assertThat(csv.getResponseHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(csv.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).contains("what-if-" + RUN + ".csv");
        assertThat(csv.getResponseBody()).contains("total,fundOutlay,,47325.00,48480.00,1155.00");
    }

    private static String runDocument(String status, String progress, String result) {
        return "{\"id\":\"" + RUN + "\",\"region\":\"360400\",\"year\":2025,\"status\":\"" + status + "\",\"cancelRequested\":false,"
                + "\"progress\":" + progress + ",\"createdAt\":\"2026-12-05T16:00:00Z\",\"updatedAt\":\"2026-12-05T16:00:05Z\","
                + "\"result\":" + result + "}";
    }

    // ---------------------------------------------------------------- a browser, as far as the test needs one

    record Session(WebTestClient web, String cookie) {

        EntityExchangeResult<String> get(String path) {
            return web.get().uri(path).header(HttpHeaders.COOKIE, "ONESTOP_CONSOLE=" + cookie).exchange()
                    .expectBody(String.class).returnResult();
        }

        /** A multipart form POST with the CSRF token of the form page it comes from. */
        EntityExchangeResult<String> post(String path, MultipartBodyBuilder form) {
            String html = get(path).getResponseBody();
            form.part("_csrf", csrf(html));
            return web.post().uri(path).header(HttpHeaders.COOKIE, "ONESTOP_CONSOLE=" + cookie)
                    .contentType(MediaType.MULTIPART_FORM_DATA).body(BodyInserters.fromMultipartData(form.build()))
                    .exchange().expectBody(String.class).returnResult();
        }

        EntityExchangeResult<String> postForm(String path, String csrf) {
            return web.post().uri(path).header(HttpHeaders.COOKIE, "ONESTOP_CONSOLE=" + cookie)
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData("_csrf", csrf))
                    .exchange().expectBody(String.class).returnResult();
        }
    }

    Session signIn(String clientId) {
        EntityExchangeResult<String> login = web.get().uri("/console/login").exchange().expectBody(String.class).returnResult();
        String cookie = cookie(login);
        EntityExchangeResult<String> signedIn = web.post().uri("/console/login").header(HttpHeaders.COOKIE, "ONESTOP_CONSOLE=" + cookie)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("_csrf", csrf(login.getResponseBody())).with("clientId", clientId).with("secret", "s"))
                .exchange().expectBody(String.class).returnResult();
        assertThat(signedIn.getStatus().value()).isEqualTo(303);
        return new Session(web, cookie(signedIn));
    }

    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("the page's form carries its CSRF token").isTrue();
        return m.group(1);
    }

    static String cookie(EntityExchangeResult<?> result) {
        Matcher m = COOKIE.matcher(Objects.requireNonNull(result.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE)));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    static MultipartBodyBuilder form(String region, String year, String overrides, String yaml) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("region", region);
        form.part("year", year);
        form.part("overrides", overrides);
        form.part("version", "");
        if (yaml != null) {
            form.part("file", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)) {
                @Override
                public String getFilename() {
                    return "candidate.yaml";
                }
            }).contentType(MediaType.parseMediaType("application/x-yaml"));
        }
        return form;
    }
}

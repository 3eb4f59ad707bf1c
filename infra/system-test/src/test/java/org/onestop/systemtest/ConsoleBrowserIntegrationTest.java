package org.onestop.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.onestop.events.ResidentIdNumber;
import org.onestop.infra.embedded.Browsers;
import org.onestop.infra.embedded.PortOffsets;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 15's browser tests: the suite as the launcher runs it with {@code ONESTOP_REPLICAS=2} (two of every service, the
 * gateway and the console included, on an embedded broker and database), and Debian's headless Chromium driven through
 * chromedriver to the console behind the gateway, as the clerk, the department, the insurance office, the operator and a
 * hospital use it. The gateway's round robin sends one session's requests to both consoles: every test below runs
 * across them, and two prove it by the replica each answer names. Every page visited
 * is photographed into {@code target/screenshots}, checked for labelled inputs and weighed (under 100 kB with its
 * stylesheet). Skipped, saying so, only when chromium or chromedriver is missing (CI installs both: .ci/run).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIntegrationTest {

    /** A console page with its stylesheet must weigh less than this (no framework megabytes for a form). */
    private static final long PAGE_BUDGET_BYTES = 100_000;
    private static final String COUNTY = "360402";
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    /** Every console answer names its replica (console-1, console-2: the launcher's instance ids). */
    private static final String INSTANCE = "X-OneStop-Instance";
    private static final String ROSTER_HEADER = "乡(镇),行政村,户主姓名,身份证号码,家庭人口数,家庭成员姓名,身份证号码";

    static Path data;
    static Process launcher;
    static Path launcherOutput;
    static int offset;
    static ChromeDriver browser;
    static Path screenshots;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTheSuiteAndABrowser() throws IOException {
        String chromium = Browsers.chromium().orElse(null);
        String driver = Browsers.chromedriver().orElse(null);
        assumeTrue(chromium != null && driver != null,
                "chromium and chromedriver are not both installed (apt-get install chromium chromium-driver): console not tested in a browser");

        Path root = Path.of("").toAbsolutePath().resolve("../..").normalize();
        Path jar = root.resolve("infra/launcher/target/onestop-launcher.jar");
        assertThat(jar).as("the reactor packages the launcher, the services and the console first").isRegularFile();
        data = Files.createTempDirectory("onestop-console-test");
        launcherOutput = data.resolve("launcher.out");
        offset = freeOffset();
        screenshots = Files.createDirectories(Path.of("target/screenshots"));

        // the README's command on ports of its own, two replicas of everything: the console's session must hold across both
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(launcherOutput.toFile());
        command.environment().put("ONESTOP_DATA_DIR", data.toString());
        command.environment().put("ONESTOP_PORT_OFFSET", Integer.toString(offset));
        command.environment().put("ONESTOP_REPLICAS", "2");
        command.environment().put("ONESTOP_READINESS_TIMEOUT", "900");
        command.environment().put("ONESTOP_SERVICE_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k");
        launcher = command.start();
        await("the launcher's URL table").atMost(Duration.ofMinutes(16)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !launcher.isAlive() || Files.readString(launcherOutput).contains("Press Ctrl-C"));
        assertThat(Files.readString(launcherOutput)).contains("12 of 12 service instances UP");

        ChromeOptions options = new ChromeOptions().setBinary(chromium)
                // root in CI: Chromium's sandbox needs a user namespace a container may not give
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1024,768",
                        "--lang=zh-CN", "--user-data-dir=" + Files.createTempDirectory("console-chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(Path.of(driver).toFile()).build(), options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        if (launcher != null && launcher.isAlive()) {
            launcher.destroy();
            if (!launcher.waitFor(2, TimeUnit.MINUTES)) {
                launcher.destroyForcibly();
            }
        }
    }

    // --- the clerk ---

    @Test
    @Order(1)
    void theSignInFormIsLabelledAndWorksWithTheKeyboardAlone() throws IOException {
        browser.get(console("/login"));
        browser.manage().deleteAllCookies();
        browser.get(console("/login"));
        page("login");

        // tab order: the skip link, the console's name (home), client id, secret, the button; then typing and Enter
        List<String> focused = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            focused.add((String) js("const e = document.activeElement; return e.id || e.className || e.tagName;"));
        }
        assertThat(focused).containsExactly("skip", "brand", "clientId", "secret", "BUTTON");
        // Shift held for the two Tabs back and released before typing (a chord in an action sequence leaves Shift down,
        // and the id would be typed in capitals)
        new Actions(browser).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).sendKeys(Keys.TAB).keyUp(Keys.SHIFT)
                .sendKeys("civil-affairs-360400").sendKeys(Keys.TAB).sendKeys(secret("civil-affairs-360400"))
                .sendKeys(Keys.ENTER).perform();

        // Enter submits the form; the browser navigates after the key is sent, so wait for the home page
        await("signed in from the keyboard").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> browser.getCurrentUrl().endsWith("/console/"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("首页");
        assertThat(browser.findElement(By.cssSelector("nav")).getText()).contains("名单上传", "预警").doesNotContain("依申请救助");
        page("home-clerk");
    }

    @Test
    @Order(2)
    void aClerkUploadsAGb18030RosterSeesTheBadRowsReasonDownloadsTheReportAndSendsTheCorrectionUnderANewReference()
            throws Exception {
        signIn("civil-affairs-360400");
        String good1 = id("19700101", 1);
        String good2 = id("19700101", 2);
        String good3 = id("19700101", 3);
        String badCheckDigit = good2.substring(0, 17) + (good2.endsWith("0") ? "1" : "0");
        // sheet rows: 1 header, 2 张一, 3 王二 (wrong check character), 4 李三
        String roster = ROSTER_HEADER + "\n"
                + "甘棠街道,测试村,张一," + good1 + ",1,,\n"
                + "甘棠街道,测试村,王二," + badCheckDigit + ",1,,\n"
                + "甘棠街道,测试村,李三," + good3 + ",1,,\n";
        Path gb18030 = file("roster-gb18030.csv", roster.getBytes(Charset.forName("GB18030")));

        upload(gb18030, "浔阳民政-2026-01");
        assertThat(text("total")).isEqualTo("3");
        assertThat(text("accepted")).isEqualTo("2");
        assertThat(text("rejected")).isEqualTo("1");
        page("batch-report");

        browser.findElement(By.linkText("只看拒绝的行")).click();
        List<WebElement> rejected = browser.findElements(By.cssSelector("#rows tbody tr"));
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).findElement(By.cssSelector("td")).getText()).isEqualTo("3");
        assertThat(rejected.get(0).getText()).contains("拒绝", "校验");
        page("batch-rejected");

        HttpResponse<byte[]> csv = download(browser.findElement(By.linkText("CSV")).getAttribute("href"));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String report = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(report).startsWith("\uFEFF行号,记录,状态");
        assertThat(report.lines().filter(l -> l.startsWith("3,"))).singleElement().asString().contains("拒绝");
        HttpResponse<byte[]> xlsx = download(browser.findElement(By.linkText("Excel (XLSX)")).getAttribute("href"));
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type").orElse("")).contains("spreadsheetml");
        assertThat(new String(xlsx.body(), 0, 2, StandardCharsets.US_ASCII)).isEqualTo("PK");

        // the corrected row alone, under the same reference: refused, nothing stored, the next step explained
        Path correction = file("correction-gb18030.csv", (ROSTER_HEADER + "\n甘棠街道,测试村,王二," + good2 + ",1,,\n")
                .getBytes(Charset.forName("GB18030")));
        upload(correction, "浔阳民政-2026-01");
        WebElement conflict = browser.findElement(By.cssSelector(".conflict"));
        assertThat(conflict.getText()).contains("批次编号已使用,本次未保存", "新的批次编号", "浔阳民政-2026-01-更正1");
        assertThat(browser.findElement(By.id("departmentReference")).getAttribute("value")).isEqualTo("浔阳民政-2026-01-更正1");
        page("correction-refused");

        // sent again under the proposed reference: the corrected row is applied
        browser.findElement(By.id("file")).sendKeys(correction.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("form.form button[type=submit]")).click();
        assertThat(text("total")).isEqualTo("1");
        assertThat(text("accepted")).isEqualTo("1");
        assertThat(text("rejected")).isEqualTo("0");
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("浔阳民政-2026-01-更正1");
        page("correction-applied");

        // the batches of this session, both listed
        browser.get(console("/batches"));
        assertThat(browser.findElement(By.tagName("table")).getText()).contains("浔阳民政-2026-01", "浔阳民政-2026-01-更正1");
        page("batches");
    }

    @Test
    @Order(3)
    void aClerksWorkbookWithAnIdNumberInANumberCellGetsTheSpreadsheetHint() throws Exception {
        signIn("civil-affairs-360400");
        String good1 = id("19710101", 1);
        String inNumberCell = id("19710101", 2);
        String good3 = id("19710101", 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Workbook workbook = new Workbook(bytes, "OneStop test", "1.0");
        Worksheet sheet = workbook.newWorksheet("名单");
        String[] header = ROSTER_HEADER.split(",");
        for (int c = 0; c < header.length; c++) {
            sheet.value(0, c, header[c]);
        }
        String[] names = {"赵一", "钱二", "孙三"};
        String[] ids = {good1, inNumberCell, good3};
        for (int r = 0; r < 3; r++) {
            sheet.value(r + 1, 0, "甘棠街道");
            sheet.value(r + 1, 1, "测试村");
            sheet.value(r + 1, 2, names[r]);
            if (r == 1) {
                // what Excel does to a number typed into a General column: a number cell, its last digits gone
                sheet.value(r + 1, 3, Double.parseDouble(ids[r].substring(0, 17)));
            } else {
                sheet.value(r + 1, 3, ids[r]);
            }
            sheet.value(r + 1, 4, "1");
        }
        workbook.finish();
        Path xlsx = file("roster.xlsx", bytes.toByteArray());

        upload(xlsx, "浔阳民政-2026-02");
        assertThat(text("total")).isEqualTo("3");
        assertThat(text("accepted")).isEqualTo("2");
        assertThat(text("rejected")).isEqualTo("1");
        browser.findElement(By.linkText("只看拒绝的行")).click();
        WebElement row = browser.findElement(By.cssSelector("#rows tbody tr"));
        assertThat(row.findElement(By.cssSelector("td")).getText()).isEqualTo("3");
        assertThat(row.getText()).contains("表格软件所致");
        page("xlsx-hint");
    }

    // --- the department's warnings ---

    @Test
    @Order(4)
    void aDepartmentAcknowledgesAWarningRoutedToIt() throws Exception {
        String department = token("civil-affairs-360400");
        String person = id("19600101", 7);
        HttpResponse<String> batch = post("/api/v1/identity/batches", department, """
                {"department":"CIVIL_AFFAIRS","departmentReference":"console-test-margin","records":[
                 {"identityType":"DIBAO_MARGINAL","regionCode":"%s","idNumber":"%s","name":"测试边缘","change":"NEW",
                  "startDate":"2026-01-01","recordReference":"r-1"}]}""".formatted(COUNTY, person));
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(201);
        try (Connection monitoring = database("monitoring")) {
            await("monitoring knows the 低保边缘 identity").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> count(monitoring, "select count(*) from identity_period where identity_type = 'DIBAO_MARGINAL'") > 0);
        }
        // 100,000.00 outside the catalogue, which no layer pays: far over Jiujiang's 20,000.00 heavy-burden line (五(一))
        HttpResponse<String> settled = post("/api/v1/settlements", token("hospital-h360402001"), """
                {"hospitalId":"H360402001","messageId":"console-1","hospitalSettlementRef":"ZY-CONSOLE-1","idNumber":"%s",
                 "regionCode":"%s","insuranceType":"RESIDENT","visitType":"INPATIENT","admissionDate":"2026-03-01",
                 "dischargeDate":"2026-03-10","costs":{"totalCost":"130000.00","inScope":"30000.00","outOfCatalogue":"100000.00"}}"""
                .formatted(person, COUNTY));
        assertThat(settled.statusCode()).as(settled.body()).isIn(200, 201);

        signIn("civil-affairs-360400");
        await("the warning on the department's page").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    browser.get(console("/warnings"));
                    return !browser.findElements(By.cssSelector("#warnings tbody tr form")).isEmpty();
                });
        page("warnings");
        WebElement row = browser.findElement(By.cssSelector("#warnings tbody tr"));
        assertThat(row.getText()).contains("待处理");
        row.findElement(By.name("note")).sendKeys("已入户核查");
        row.findElement(By.cssSelector("button[type=submit]")).click();

        assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).isEqualTo("已确认预警。");
        assertThat(browser.findElement(By.cssSelector("#warnings tbody tr")).getText()).contains("已确认");
        assertThat(browser.findElements(By.cssSelector("#warnings tbody tr form"))).isEmpty();
        page("warning-acknowledged");
    }

    // --- the insurance office ---

    @Test
    @Order(5)
    void anOfficeRegistersAnApplicationSeesTheRefusalAndPrintsTheNotice() throws Exception {
        signIn("insurance-office-360400");
        assertThat(browser.findElement(By.cssSelector("nav")).getText()).contains("依申请救助").doesNotContain("名单上传");
        browser.get(console("/applications"));
        page("application-form");
        browser.findElement(By.id("idNumber")).sendKeys(id("19650101", 1));
        browser.findElement(By.id("regionCode")).sendKeys(COUNTY);
        // Jiujiang grants TILTED (倾斜救助) only: 因病致贫 is refused with the written notice (docs/settlement-api.md)
        browser.findElement(By.cssSelector("#kind option[value=ILLNESS_POOR]")).click();
        js("document.getElementById('applicationDate').value = '2026-06-01';");
        browser.findElement(By.cssSelector("form.form button[type=submit]")).click();

        assertThat(text("decision")).isEqualTo("不予救助");
        page("application-refused");
        browser.findElement(By.id("notice")).click();
        assertThat(browser.getPageSource()).contains("告知书");
        page("refusal-notice");
    }

    // --- the operator ---

    @Test
    @Order(6)
    void theOperatorSeesTheGatewayUpAndTheOpenWarningsPerRegion() throws IOException {
        signIn("operator");
        browser.get(console("/status"));
        assertThat(text("gateway")).isEqualTo("正常 (UP)");
        assertThat(browser.findElement(By.id("open-warnings")).getText()).contains("政策区域");
        page("status");
    }

    // --- a hospital ---

    @Test
    @Order(7)
    void aHospitalSigningInSeesNoneOfTheClerksOrTheOfficesPages() throws Exception {
        signIn("hospital-h360402001");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("无权访问");
        assertThat(browser.findElements(By.cssSelector("nav a"))).isEmpty();
        page("hospital-denied");
        for (String path : List.of("/batches", "/warnings", "/applications", "/persons", "/tax-list", "/status")) {
            browser.get(console(path));
            assertThat(browser.findElement(By.tagName("h1")).getText()).as(path).isEqualTo("无权访问");
        }
        HttpResponse<byte[]> batches = download(console("/batches"));
        assertThat(batches.statusCode()).isEqualTo(403);
    }

    @Test
    @Order(8)
    void signingOutEndsTheSessionAndAFormWithoutItsCsrfTokenIsRefused() throws Exception {
        signIn("civil-affairs-360400");
        Cookie session = browser.manage().getCookieNamed("ONESTOP_CONSOLE");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getPath()).isEqualTo("/console");
        assertThat(session.getSameSite()).isEqualTo("Lax");
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(console("/logout")))
                .header("Cookie", "ONESTOP_CONSOLE=" + session.getValue())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);

        browser.findElement(By.cssSelector("form.logout button")).click();
        assertThat(browser.getCurrentUrl()).endsWith("/console/login?logout");
        browser.get(console("/batches"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
    }

    // --- two console replicas, one session ---

    @Test
    @Order(9)
    void oneSessionsPagesAndCsrfProtectedFormsAreServedByBothConsoleReplicas() throws Exception {
        signIn("civil-affairs-360400");
        String session = browser.manage().getCookieNamed("ONESTOP_CONSOLE").getValue();
        // the gateway's token travels sealed in the cookie: both measured on the real suite
        System.out.printf("gateway token: %d characters; sealed session cookie: %d%n",
                token("civil-affairs-360400").length(), session.length());
        assertThat(session.length()).as("a cookie browsers keep (4,096 bytes with name and attributes)").isLessThan(3_800);

        Set<String> pages = new TreeSet<>();
        Set<String> forms = new TreeSet<>();
        // a page and its form's POST, twice a page for each POST, so strict alternation cannot hide one replica
        for (int i = 0; i < 10 && (pages.size() < 2 || forms.size() < 2); i++) {
            HttpResponse<String> page = consoleGet("/batches", session);
            assertThat(page.statusCode()).isEqualTo(200);
            pages.add(page.headers().firstValue(INSTANCE).orElseThrow());
            HttpResponse<String> again = consoleGet("/batches", session);
            assertThat(again.statusCode()).isEqualTo(200);
            pages.add(again.headers().firstValue(INSTANCE).orElseThrow());
            // the upload form as one replica rendered it, posted with nothing but its CSRF token: a 400 (no file)
            // means the CSRF check passed wherever the POST landed; a 403 would be the check refusing it
            HttpResponse<String> form = postUploadForm(session, csrf(page));
            assertThat(form.statusCode()).as(form.body()).isEqualTo(400);
            forms.add(form.headers().firstValue(INSTANCE).orElseThrow());
        }
        assertThat(pages).as("pages of one session").containsExactly("console-1", "console-2");
        assertThat(forms).as("CSRF-checked POSTs of one session").containsExactly("console-1", "console-2");

        // and in the browser itself: page after page, never asked to sign in again
        for (String path : List.of("/batches", "/warnings", "/batches", "/warnings")) {
            browser.get(console(path));
            assertThat(browser.getCurrentUrl()).as(path).endsWith("/console" + path);
        }
    }

    @Test
    @Order(10)
    void aSignedOutSessionsCookieReplayedIsRefusedByBothReplicas() throws Exception {
        signIn("civil-affairs-360400");
        String session = browser.manage().getCookieNamed("ONESTOP_CONSOLE").getValue();
        String csrf = csrf(consoleGet("/batches", session));

        browser.findElement(By.cssSelector("form.logout button")).click();
        await("signed out").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> browser.getCurrentUrl().endsWith("/console/login?logout"));

        // the cookie as it was before sign-out, replayed (as by someone who copied it): refused by whichever replica
        Set<String> refusedBy = new TreeSet<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> replayed = consoleGet("/batches", session);
            assertThat(replayed.statusCode()).isEqualTo(303);
            assertThat(replayed.headers().firstValue("Location")).contains("/console/login");
            refusedBy.add(replayed.headers().firstValue(INSTANCE).orElseThrow());
            // its forms too: a signed-out session has no CSRF token any more
            HttpResponse<String> form = postUploadForm(session, csrf);
            assertThat(form.statusCode()).isEqualTo(403);
            refusedBy.add(form.headers().firstValue(INSTANCE).orElseThrow());
        }
        assertThat(refusedBy).containsExactly("console-1", "console-2");
    }

    /** A console page fetched with a session cookie, through the gateway, redirects not followed. */
    static HttpResponse<String> consoleGet(String path, String session) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(console(path))).header("Cookie", "ONESTOP_CONSOLE=" + session)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The upload form posted (multipart, as the browser sends it) with only its CSRF field. */
    static HttpResponse<String> postUploadForm(String session, String csrf) throws IOException, InterruptedException {
        String boundary = "onestop-" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n--"
                + boundary + "--\r\n";
        return http.send(HttpRequest.newBuilder(URI.create(console("/batches"))).header("Cookie", "ONESTOP_CONSOLE=" + session)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("the page's form carries its CSRF token").isTrue();
        return m.group(1);
    }

    // --- the browser ---

    static void signIn(String clientId) throws IOException {
        browser.get(console("/login"));
        browser.manage().deleteAllCookies();
        browser.get(console("/login"));
        browser.findElement(By.id("clientId")).sendKeys(clientId);
        browser.findElement(By.id("secret")).sendKeys(secret(clientId));
        browser.findElement(By.cssSelector("form.form button[type=submit]")).click();
        // a click does not wait for the navigation it starts: wait until the sign-in page is left (a refused sign-in
        // stays on /console/login?error and fails here, naming the partner)
        await("signed in as " + clientId).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !browser.getCurrentUrl().contains("/console/login"));
    }

    static void upload(Path file, String reference) {
        browser.get(console("/batches"));
        browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        browser.findElement(By.id("category")).sendKeys("低保");
        browser.findElement(By.id("regionCode")).sendKeys(COUNTY);
        browser.findElement(By.id("departmentReference")).sendKeys(reference);
        // the roster layout (附件2) takes its start from the form's effective date
        js("document.getElementById('effectiveDate').value = '2026-01-01';");
        browser.findElement(By.cssSelector("form.form button[type=submit]")).click();
    }

    /**
     * Every page visited: photographed, every visible input labelled, Chinese declared, and its weight (document plus
     * everything it loaded) under the budget.
     */
    static void page(String name) throws IOException {
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshots.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
        if (!browser.getCurrentUrl().contains("/console/")) {
            return;
        }
        Object unlabelled = js("""
                return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
                  .filter(e => !(e.id && document.querySelector('label[for="' + CSS.escape(e.id) + '"]')) && !e.getAttribute('aria-label'))
                  .map(e => e.name || e.outerHTML);""");
        assertThat((List<?>) unlabelled).as(name + ": inputs without a label").isEmpty();
        if (!name.equals("refusal-notice")) {
            assertThat(js("return document.documentElement.lang;")).as(name).isEqualTo("zh-CN");
        }
        long bytes = ((Number) js("""
                const n = performance.getEntriesByType('navigation')[0];
                let total = n ? n.decodedBodySize : 0;
                for (const r of performance.getEntriesByType('resource')) { total += r.decodedBodySize; }
                return total;""")).longValue();
        assertThat(bytes).as(name + ": bytes of the page and what it loaded").isPositive().isLessThan(PAGE_BUDGET_BYTES);
    }

    static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** What the browser's link downloads, fetched with the browser's own session cookie. */
    static HttpResponse<byte[]> download(String url) throws IOException, InterruptedException {
        Cookie session = browser.manage().getCookieNamed("ONESTOP_CONSOLE");
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", "ONESTOP_CONSOLE=" + session.getValue()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static Path file(String name, byte[] content) throws IOException {
        return Files.write(data.resolve(name), content);
    }

    static String console(String path) {
        return gatewayUrl() + "/console" + path;
    }

    static String gatewayUrl() {
        return "http://localhost:" + (8080 + offset);
    }

    /** A valid number of Jiujiang's 浔阳区 (GB 11643 check character computed), one per birth date and sequence. */
    static String id(String birthDate, int sequence) {
        return ResidentIdNumber.withCheckChar(COUNTY + birthDate + "%03d".formatted(sequence));
    }

    // --- the gateway, as a partner system ---

    static String secret(String clientId) throws IOException {
        String line = Files.readAllLines(data.resolve("gateway/demo-credentials.txt")).stream()
                .filter(l -> l.startsWith(clientId + ":")).findFirst().orElseThrow();
        return line.substring(clientId.length() + 1);
    }

    static String token(String clientId) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret(clientId)).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + "/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = ACCESS_TOKEN.matcher(answer.body());
        assertThat(token.find()).as(answer.body()).isTrue();
        return token.group(1);
    }

    static HttpResponse<String> post(String path, String token, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Connection database(String name) throws SQLException, IOException {
        String password = Files.readString(data.resolve("secrets/postgres-superuser.password")).strip();
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + (5433 + offset) + "/" + name, "postgres", password);
    }

    static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * A port offset whose every port the launcher opens is free now and below the kernel's ephemeral range (PortOffsets);
     * away from the two-replica test's offsets, in a random order, since other suites start on this machine too.
     */
    static int freeOffset() {
        return PortOffsets.free(List.of(12_000, 14_000, 16_000, 18_000, 20_000, 22_000));
    }

    // --- the operator's status of every service (issue 15: services, lags, dead letters) ---

    /**
     * Each service answers its own status through the gateway (docs/runbook.md › Operator status): the page lists all
     * four, each read (no error), the consuming ones with their groups' lag and their dead-letter topics' counts.
     */
    @Test
    @Order(300)
    void theOperatorSeesEveryServiceWithItsLagAndDeadLetterColumns() throws IOException {
        signIn("operator");
        browser.get(console("/status"));
        for (String service : List.of("identity-service", "settlement-service", "enrollment-service", "monitoring-service")) {
            WebElement section = browser.findElement(By.id("service-" + service));
            assertThat(section.findElement(By.tagName("h3")).getText()).isEqualTo(service);
            assertThat(section.findElements(By.cssSelector("p.error"))).as(service + ": " + section.getText()).isEmpty();
            String replicas = section.findElement(By.cssSelector("table.replicas")).getText();
            assertThat(section.findElement(By.cssSelector("p.outbox")).getText()).contains("条未发布");
            if (service.equals("identity-service")) {
                // it consumes nothing, so no consumer group names the other replica: only the one that answered
                assertThat(replicas).containsPattern("identity-service-[12]\\(本次应答\\)");
                assertThat(section.getText()).contains("不消费任何主题");
                continue;
            }
            // the suite runs two replicas of each: the one that answered, and the other as a member of its groups
            assertThat(replicas).contains(service + "-1", service + "-2", "(本次应答)");
            WebElement consumers = section.findElement(By.cssSelector("table.consumers"));
            assertThat(consumers.findElements(By.tagName("th")).stream().map(WebElement::getText).toList())
                    .contains("消费组", "主题", "延迟(条)");
            for (WebElement lag : consumers.findElements(By.cssSelector("td.lag"))) {
                assertThat(lag.getText()).as(service + " lag").matches("\\d+");
            }
            WebElement deadLetters = section.findElement(By.cssSelector("table.dead-letters"));
            assertThat(deadLetters.getText()).contains("." + service + ".dlq");
            for (WebElement count : deadLetters.findElements(By.cssSelector("td.dlq-count"))) {
                assertThat(count.getText()).as(service + " dead letters").matches("\\d+");
            }
        }
        page("status-services");
    }

    // --- issue 15, office adjustments and warnings per department (helper e: orders 200–299) ---

    @Test
    @Order(200)
    void theSecondDepartmentAcknowledgesItsOwnRouteOfAWarningTheFirstAlreadyAcknowledged() throws Exception {
        // the 高额医疗费用负担预警 of order 4 is routed to 民政 and 乡村振兴 (jiujiang-2022 五(一)); 民政 acknowledged it there
        String warning;
        String person;
        try (Connection monitoring = database("monitoring"); Statement statement = monitoring.createStatement();
             ResultSet rows = statement.executeQuery("""
                     select w.id, w.person_ref from warning w
                     join warning_route c on c.warning_id = w.id and c.department = 'CIVIL_AFFAIRS' and c.acknowledged_at is not null
                     join warning_route r on r.warning_id = w.id and r.department = 'RURAL_REVITALIZATION' and r.acknowledged_at is null
                     where starts_with(w.region_code, '3604') order by w.raised_at limit 1""")) {
            assertThat(rows.next()).as("order 4's warning, acknowledged by civil affairs only").isTrue();
            warning = rows.getString(1);
            person = rows.getString(2);
        }
        signIn("rural-revitalization-360400");
        browser.get(console("/warnings?personRef=" + person));
        WebElement row = browser.findElement(By.id("warning-" + warning));
        // the warning is no longer OPEN, yet this department's own route is unacknowledged: 确认 is offered
        assertThat(row.getText()).contains("已确认");
        assertThat(row.findElement(By.cssSelector("li[data-department=CIVIL_AFFAIRS]")).getText()).startsWith("民政").contains("已确认");
        assertThat(row.findElement(By.cssSelector("li[data-department=RURAL_REVITALIZATION]")).getText())
                .contains("乡村振兴(本部门)", "未确认");
        page("warning-second-department");
        row.findElement(By.name("note")).sendKeys("已电话回访");
        row.findElement(By.cssSelector("button[type=submit]")).click();

        assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).isEqualTo("已确认预警。");
        // back on the same filter, both routes acknowledged, nothing left to acknowledge
        assertThat(browser.getCurrentUrl()).contains("personRef=" + person);
        row = browser.findElement(By.id("warning-" + warning));
        assertThat(row.findElement(By.cssSelector("li[data-department=RURAL_REVITALIZATION]")).getText())
                .contains("已确认", "已电话回访");
        assertThat(row.findElements(By.cssSelector("form"))).isEmpty();
        page("warning-both-departments");
        try (Connection monitoring = database("monitoring")) {
            assertThat(count(monitoring, "select count(*) from warning_route where warning_id = '" + warning
                    + "' and acknowledged_at is not null")).isEqualTo(2);
        }
    }

    @Test
    @Order(201)
    void theWarningWorklistFiltersByTheApisFiltersAndShowsARefusedFilterWithItsReason() throws Exception {
        signIn("civil-affairs-360400");
        // order 4's warning, acknowledged this month: found by status, line, county and month together, the form keeps them
        browser.get(console("/warnings?status=ACKNOWLEDGED&line=heavy-burden&county=360402&month="
                + YearMonth.now(ZoneOffset.UTC)));
        assertThat(browser.findElements(By.cssSelector("#warnings tbody tr"))).isNotEmpty();
        assertThat(browser.findElement(By.id("f-status")).getAttribute("value")).isEqualTo("ACKNOWLEDGED");
        assertThat(browser.findElement(By.id("f-line")).getAttribute("value")).isEqualTo("heavy-burden");
        page("warnings-filtered");
        // a county of five digits: the API's refusal, shown with the filters kept
        browser.get(console("/warnings?county=36040"));
        assertThat(browser.findElement(By.cssSelector("p.error")).getText()).contains("county");
        assertThat(browser.findElement(By.id("f-county")).getAttribute("value")).isEqualTo("36040");
        // and a month with none: the list says so
        browser.get(console("/warnings?month=2020-01"));
        assertThat(browser.findElements(By.cssSelector("#warnings tbody tr"))).isEmpty();
        assertThat(browser.findElement(By.id("main")).getText()).contains("没有符合条件的预警");
    }

    @Test
    @Order(202)
    void anOfficeSeesEachAdjustmentAnApprovedApplicationPaidWithTotalsThatBalance() throws Exception {
        String person = id("19550101", 21);
        HttpResponse<String> batch = post("/api/v1/identity/batches", token("civil-affairs-360400"), """
                {"department":"CIVIL_AFFAIRS","departmentReference":"console-test-tilted","records":[
                 {"identityType":"DIBAO","regionCode":"%s","idNumber":"%s","name":"测试倾斜","change":"NEW",
                  "startDate":"2026-01-01","recordReference":"r-1"}]}""".formatted(COUNTY, person));
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(201);
        String hospital = token("hospital-h360402001");
        // 低保 is class 2: 75 %, no deductible, at most 50,000 a year (jiujiang-2022 三(三)2(2)). March's burden after
        // insurance 80,000 → 50,000 (capped; paid on arrival, or as an adjustment if the identity arrives after it)
        HttpResponse<String> march = post("/api/v1/settlements", hospital, discharge(person, "console-tilted-1", "2026-03-01", "80000"));
        assertThat(march.statusCode()).as(march.body()).isIn(200, 201);
        Matcher ref = Pattern.compile("\"personRef\"\\s*:\\s*\"([0-9a-f]{64})\"").matcher(march.body());
        assertThat(ref.find()).isTrue();
        try (Connection settlement = database("settlement")) {
            await("settlement knows the 低保 identity").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> count(settlement, "select count(*) from identity_period where person_ref = '" + ref.group(1) + "'") > 0);
        }
        // April's 4,000 after the identity: the class 2 cap is used up, 0.00 assistance
        HttpResponse<String> april = post("/api/v1/settlements", hospital, discharge(person, "console-tilted-2", "2026-04-01", "4000"));
        assertThat(april.statusCode()).as(april.body()).isIn(200, 201);

        signIn("insurance-office-360400");
        browser.get(console("/applications"));
        browser.findElement(By.id("idNumber")).sendKeys(person);
        browser.findElement(By.id("regionCode")).sendKeys(COUNTY);
        browser.findElement(By.cssSelector("#kind option[value=TILTED]")).click();
        js("document.getElementById('applicationDate').value = '2026-06-01';");
        browser.findElement(By.cssSelector("form.form button[type=submit]")).click();
        await("the decision page").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !browser.findElements(By.id("decision")).isEmpty());

        // 倾斜救助 (jiujiang-2022 三(三)2(5)): 50 % of the year's burden after the three layers above 50 % of the 2025
        // income 40,000 (assumed) = 20,000, at most 10,000: March (30,000 − 20,000) × 50 % = 5,000.00; April adds 4,000
        // above the line × 50 % = 2,000.00; together 7,000.00, neither paid any before
        assertThat(text("decision")).isEqualTo("批准");
        assertThat(text("adjustments")).isEqualTo("2");
        assertThat(text("adjustments-paid")).isEqualTo("7000.00");
        List<WebElement> lines = browser.findElements(By.cssSelector("#adjustment-lines tbody tr"));
        assertThat(lines).hasSize(2);
        assertThat(cells(lines.get(0))).containsSequence("2026-03-01", "倾斜救助/再救助", "610102", "0.00", "5000.00", "5000.00");
        assertThat(lines.get(0).getText()).contains("ZY-console-tilted-1", "jiujiang-2022 三(三)2(5)", "依申请救助获批");
        assertThat(cells(lines.get(1))).containsSequence("2026-04-01", "倾斜救助/再救助", "610102", "0.00", "2000.00", "2000.00");
        assertThat(text("adjustment-sum")).isEqualTo("7000.00");
        assertThat(text("balance")).isEqualTo("与补付合计 7000.00 元相符");
        page("application-approved");
    }

    /** A Jiujiang inpatient stay whose insurance was settled upstream (10,000 basic), leaving exactly {@code burden}. */
    static String discharge(String idNumber, String message, String date, String burden) {
        String inScope = new BigDecimal(burden).add(new BigDecimal("10000")).toPlainString();
        return """
                {"hospitalId":"H360402001","messageId":"%s","hospitalSettlementRef":"ZY-%s","idNumber":"%s",
                 "regionCode":"%s","insuranceType":"RESIDENT","visitType":"INPATIENT","hospitalLevel":"SECONDARY",
                 "location":"IN_REGION","referred":false,"admissionDate":"%s","dischargeDate":"%s","bedDays":5,
                 "costs":{"totalCost":"%s","inScope":"%s","partlySelfPaid":"0","outOfCatalogue":"0"},
                 "upstream":{"hifpPay":"10000.00","hifmiPay":"0"}}"""
                .formatted(message, message, idNumber, COUNTY, LocalDate.parse(date).minusDays(5), date, inScope, inScope);
    }

    static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }

    // --- the insurance office's what-if (issue 16): page and API agree to the fen ---

    @Test
    @Order(400)
    void anOfficeRunsAWhatIfFromThePageAndEveryFigureThePageShowsIsTheApisToTheFen() throws Exception {
        // two 低保 persons (Jiujiang class 2, 二类人员) and one without an identity, each discharged once in 2025
        String dibao1 = id("19550101", 41);
        String dibao2 = id("19550101", 42);
        String ordinary = id("19550101", 43);
        HttpResponse<String> batch = post("/api/v1/identity/batches", token("civil-affairs-360400"), """
                {"department":"CIVIL_AFFAIRS","departmentReference":"console-test-whatif","records":[
                 {"identityType":"DIBAO","regionCode":"%s","idNumber":"%s","name":"推演一","change":"NEW","startDate":"2024-01-01","recordReference":"w-1"},
                 {"identityType":"DIBAO","regionCode":"%s","idNumber":"%s","name":"推演二","change":"NEW","startDate":"2024-01-01","recordReference":"w-2"}]}"""
                .formatted(COUNTY, dibao1, COUNTY, dibao2));
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(201);
        String hospital = token("hospital-h360402001");
        String[][] stays = {{dibao1, "12000.00"}, {dibao2, "30000.00"}, {ordinary, "8000.00"}};
        for (int i = 0; i < stays.length; i++) {
            String discharge = """
                    {"hospitalId":"H360402001","messageId":"console-whatif-%d","hospitalSettlementRef":"ZY-WHATIF-%d","idNumber":"%s",
                     "regionCode":"%s","insuranceType":"RESIDENT","visitType":"INPATIENT","admissionDate":"2025-05-0%d",
                     "dischargeDate":"2025-05-1%d","costs":{"totalCost":"%s","inScope":"%s"}}"""
                    .formatted(i, i, stays[i][0], COUNTY, i + 1, i + 1, stays[i][1], stays[i][1]);
            if (i < 2) {
                // settled once settlement-service knows the person as 低保 (class 2), so the raise has something to pay
                await("settlement knows the 低保 identity").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> post("/api/v1/settlements/preview", hospital, discharge).body().contains("\"category\":\"class2\""));
            }
            HttpResponse<String> settled = post("/api/v1/settlements", hospital, discharge);
            assertThat(settled.statusCode()).as(settled.body()).isIn(200, 201);
        }

        signIn("insurance-office-360400");
        assertThat(browser.findElement(By.cssSelector("nav")).getText()).contains("政策推演");
        browser.get(console("/what-if"));
        browser.findElement(By.id("region")).sendKeys("360400");
        browser.findElement(By.id("year")).sendKeys("2025");
        // jiujiang-2022 三(三)2(2): class 2's first band 75 % → 80 %
        browser.findElement(By.id("overrides")).sendKeys("assistance.categories.class2.bands[0].ratio = 80%");
        page("whatif-form");
        browser.findElement(By.cssSelector("form.form button[type=submit]")).click();

        await("the run's page says it is done (it reloads itself while the run works)").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> browser.getCurrentUrl().matches(".*/console/what-if/[0-9a-f-]{36}$") && "已完成".equals(text("status")));
        page("whatif-result");
        String run = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);

        // the same run as the API answers it, to the office's own token, parsed by the browser's JSON.parse
        String office = token("insurance-office-360400");
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + "/api/v1/what-if/" + run))
                .header("Authorization", "Bearer " + office).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Map<String, Object> r = whatIfMap(whatIfMap(whatIfJs("return JSON.parse(arguments[0]);", answer.body())).get("result"));

        // totals; a raised assistance ratio moves money from the patient to the fund and changes nothing else
        List<List<String>> totals = whatIfTable("totals");
        assertThat(totals.get(0)).containsExactly("人年数", r.get("personYears").toString(), r.get("personYears").toString(), "0");
        assertThat(((Number) r.get("personYears")).longValue()).isGreaterThanOrEqualTo(3);
        assertThat(totals.get(1)).containsExactly("出院人次", r.get("discharges").toString(), r.get("discharges").toString(), "0");
        assertThat(totals.get(2)).containsExactlyElementsOf(whatIfAmounts("基金支出合计", whatIfMap(r.get("fundOutlay"))));
        assertThat(totals.get(3)).containsExactlyElementsOf(whatIfAmounts("个人负担合计", whatIfMap(r.get("patientPays"))));
        BigDecimal more = new BigDecimal(whatIfMap(r.get("fundOutlay")).get("difference").toString());
        assertThat(more).isPositive();
        assertThat(new BigDecimal(whatIfMap(r.get("patientPays")).get("difference").toString())).isEqualByComparingTo(more.negate());

        // per layer and fund, per category, per county: row by row in the API's order, every amount to the fen
        List<List<String>> layers = whatIfTable("layers");
        List<Map<String, Object>> apiLayers = whatIfList(r.get("byLayerAndFund"));
        assertThat(layers).hasSameSizeAs(apiLayers);
        for (int i = 0; i < layers.size(); i++) {
            Map<String, Object> l = apiLayers.get(i);
            assertThat(layers.get(i).get(1)).startsWith(l.get("fundCode") == null ? "—" : l.get("fundCode").toString());
            assertThat(layers.get(i).subList(2, 5)).containsExactly(whatIfYuan(l, "current"), whatIfYuan(l, "candidate"),
                    whatIfYuan(l, "difference"));
        }
        whatIfRowsAgree("categories", whatIfList(r.get("byCategory")), "category");
        whatIfRowsAgree("counties", whatIfList(r.get("byCounty")), "county");

        // persons reaching each warning line, the deciles, the 40 % share
        List<List<String>> lines = whatIfTable("lines");
        List<Map<String, Object>> apiLines = whatIfList(r.get("warningLines"));
        assertThat(lines).hasSameSizeAs(apiLines);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i).subList(0, 3)).containsExactly(apiLines.get(i).get("line").toString(),
                    apiLines.get(i).get("current").toString(), apiLines.get(i).get("candidate").toString());
        }
        List<List<String>> deciles = whatIfTable("deciles");
        List<Map<String, Object>> apiDeciles = whatIfList(r.get("patientPaysDeciles"));
        assertThat(deciles).hasSize(9).hasSameSizeAs(apiDeciles);
        for (int i = 0; i < deciles.size(); i++) {
            assertThat(deciles.get(i).subList(0, 3)).containsExactly(apiDeciles.get(i).get("decile") + "%",
                    whatIfYuan(apiDeciles.get(i), "current"), whatIfYuan(apiDeciles.get(i), "candidate"));
        }
        Map<String, Object> catastrophic = whatIfMap(r.get("catastrophic"));
        List<List<String>> cat = whatIfTable("catastrophic");
        assertThat(cat.get(0).subList(1, 3)).containsExactly(whatIfYuan(whatIfMap(catastrophic.get("current")), "line"),
                whatIfYuan(whatIfMap(catastrophic.get("candidate")), "line"));
        assertThat(cat.get(1).subList(1, 3)).containsExactly(whatIfMap(catastrophic.get("current")).get("personYears").toString(),
                whatIfMap(catastrophic.get("candidate")).get("personYears").toString());

        // the person-years that change most, by personRef only (never an ID number on the page)
        List<List<String>> top = whatIfTable("top");
        List<Map<String, Object>> apiTop = whatIfList(r.get("topChanges"));
        assertThat(top).hasSameSizeAs(apiTop).isNotEmpty();
        for (int i = 0; i < top.size(); i++) {
            Map<String, Object> funds = whatIfMap(apiTop.get(i).get("fundOutlay"));
            Map<String, Object> patient = whatIfMap(apiTop.get(i).get("patientPays"));
            assertThat(top.get(i)).containsExactly(apiTop.get(i).get("personRef").toString(),
                    whatIfYuan(funds, "current"), whatIfYuan(funds, "candidate"), whatIfYuan(funds, "difference"),
                    whatIfYuan(patient, "current"), whatIfYuan(patient, "candidate"), whatIfYuan(patient, "difference"));
        }
        assertThat(browser.getPageSource()).doesNotContain(dibao1, dibao2, ordinary);

        // three charts drawn by the server, each with its name; the CSV is the API's
        assertThat(whatIfJs("return Array.from(document.querySelectorAll('svg[role=img]'))"
                + ".map(s => s.querySelector('title').textContent);"))
                .asList().containsExactly("按层级与基金的基金支出(元)", "按县区的基金支出(元)", "个人负担的十分位数(元)");
        HttpResponse<byte[]> csv = download(browser.findElement(By.id("csv")).getAttribute("href"));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(new String(csv.body(), StandardCharsets.UTF_8)).contains("total,fundOutlay,,"
                + whatIfMap(r.get("fundOutlay")).get("current") + "," + whatIfMap(r.get("fundOutlay")).get("candidate") + ",");
    }

    /** A table of the what-if page: each body row's header and cells, amounts without their thousands separators. */
    static List<List<String>> whatIfTable(String id) {
        List<List<String>> rows = new ArrayList<>();
        for (WebElement row : browser.findElements(By.cssSelector("#" + id + " tbody tr"))) {
            List<String> cells = new ArrayList<>();
            for (WebElement cell : row.findElements(By.cssSelector("th, td"))) {
                String t = cell.getText().strip();
                cells.add(t.matches("-?[\\d,]+\\.\\d{2}") ? t.replace(",", "") : t);
            }
            rows.add(cells);
        }
        return rows;
    }

    /** Rows of a breakdown ({@code byCategory}, {@code byCounty}) against the page's table of the same, in order. */
    static void whatIfRowsAgree(String table, List<Map<String, Object>> api, String key) {
        List<List<String>> rows = whatIfTable(table);
        assertThat(rows).as(table).hasSameSizeAs(api);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> a = api.get(i);
            // a category by the name the API gives (the policy file's), a county by its code
            String label = "NONE".equals(a.get(key)) ? "无救助类别" : a.get("name") != null ? a.get("name").toString() : a.get(key).toString();
            assertThat(rows.get(i)).as(table).containsExactly(label, whatIfYuan(a, "current"), whatIfYuan(a, "candidate"),
                    whatIfYuan(a, "difference"));
        }
    }

    static List<String> whatIfAmounts(String label, Map<String, Object> pair) {
        return List.of(label, whatIfYuan(pair, "current"), whatIfYuan(pair, "candidate"), whatIfYuan(pair, "difference"));
    }

    /** The API's yuan text as it is: exact to the fen, compared as text. */
    static String whatIfYuan(Map<String, Object> m, String field) {
        return String.valueOf(m.get(field));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> whatIfMap(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> whatIfList(Object o) {
        return (List<Map<String, Object>>) o;
    }

    static Object whatIfJs(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    // --- the clerk's earlier batches and the Chinese labels (issue 15, stop 22) ---

    @Test
    @Order(100)
    void aClerksEarlierBatchesAreListedFromTheApiInANewSessionNewestFirstWithTheirVersion() throws IOException {
        // a fresh session: the list no longer comes from what this session sent, but from identity-service
        signIn("civil-affairs-360400");
        browser.get(console("/batches"));
        List<String> references = column("batches", 0);
        int original = references.indexOf("浔阳民政-2026-01");
        int correction = references.indexOf("浔阳民政-2026-01-更正1");
        assertThat(original).as("the roster of @Order(2) is listed").isNotNegative();
        assertThat(correction).as("its correction, sent after it, comes first").isNotNegative().isLessThan(original);
        assertThat(column("batches", 1).get(original)).isEqualTo("原始");
        assertThat(column("batches", 1).get(correction)).isEqualTo("第 1 次更正");
        // the first roster: 3 rows, 1 refused (wrong check character); its correction: 1 row, accepted
        assertThat(column("batches", 8).get(original)).isEqualTo("部分拒绝");
        assertThat(column("batches", 8).get(correction)).isEqualTo("全部接收");
        assertThat(column("batches", 3).get(original)).isEqualTo("救助对象名单(附件2)");
        assertThat(column("batches", 5).get(original)).isEqualTo("低保对象");
        assertThat(browser.findElement(By.id("batches")).getText()).doesNotContain("DIBAO", "ROSTER", "PARTIAL");
        page("batches");

        // the filter form: only the batches with refused rows
        new Select(browser.findElement(By.id("status"))).selectByValue("partial");
        browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        await("the filtered list").atMost(Duration.ofSeconds(60)).until(() -> browser.getCurrentUrl().contains("status=partial"));
        assertThat(column("batches", 0)).contains("浔阳民政-2026-01").doesNotContain("浔阳民政-2026-01-更正1");
        assertThat(column("batches", 8)).containsOnly("部分拒绝");
        page("batches-filtered");
    }

    @Test
    @Order(101)
    void theBatchReportShowsChineseNamesAndTheTimeInBeijing() throws Exception {
        signIn("civil-affairs-360400");
        browser.get(console("/batches"));
        browser.findElement(By.cssSelector("a[aria-label='查看批次 浔阳民政-2026-01 的报告']")).click();
        await("the report").atMost(Duration.ofSeconds(60)).until(() -> !browser.findElements(By.id("received")).isEmpty());
        String batchId = browser.getCurrentUrl().replaceAll(".*/console/batches/([0-9a-f-]{36}).*", "$1");
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + "/api/v1/identity/batches/" + batchId))
                .header("Authorization", "Bearer " + token("civil-affairs-360400")).GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher received = Pattern.compile("\"receivedAt\"\\s*:\\s*\"([^\"]+)\"").matcher(api.body());
        assertThat(received.find()).as(api.body()).isTrue();
        // the API's instant (UTC) as a clerk in Beijing reads a clock: UTC+8, to the minute
        String beijing = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(Instant.parse(received.group(1)).atZone(ZoneId.of("Asia/Shanghai")));
        assertThat(text("received")).isEqualTo(beijing);
        assertThat(text("category")).isEqualTo("低保对象");
        assertThat(text("source")).isEqualTo("CSV 文件");
        assertThat(column("rows", 2)).containsOnly("接收", "拒绝").contains("接收", "拒绝");
        assertThat(column("rows", 5)).contains("低保对象").allMatch(c -> c.equals("低保对象") || c.equals("—"));
        assertThat(column("rows", 6)).contains("新识别").allMatch(c -> c.equals("新识别") || c.equals("—"));
        assertThat(browser.findElement(By.id("rows")).getText()).doesNotContain("DIBAO", "ACCEPTED", "REJECTED");
        page("batch-report");
    }

    /** The texts of column {@code index} of table {@code id}'s body rows, top to bottom. */
    static List<String> column(String id, int index) {
        List<String> cells = new ArrayList<>();
        for (WebElement row : browser.findElements(By.cssSelector("#" + id + " tbody tr"))) {
            cells.add(row.findElements(By.cssSelector("td")).get(index).getText().strip());
        }
        return cells;
    }
}

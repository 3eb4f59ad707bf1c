package org.onestop.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
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
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
     * A port offset whose every port the launcher opens (two replicas: 8080-8085 and 8180-8185, broker, database) is free
     * now; away from the two-replica test's offsets (the launcher takes at most 50,000), in a random order, since other
     * suites start on this machine too.
     */
    static int freeOffset() throws IOException {
        List<Integer> candidates = new ArrayList<>(List.of(41_000, 43_000, 45_000, 47_000, 49_000));
        Collections.shuffle(candidates);
        for (int candidate : candidates) {
            boolean free = free(9092 + candidate) && free(5433 + candidate);
            for (int port = 8080; port <= 8085 && free; port++) {
                free = free(port + candidate) && free(port + 100 + candidate);
            }
            if (free) {
                return candidate;
            }
        }
        throw new IOException("no free port offset");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

package org.onestop.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityType;
import tools.jackson.databind.JsonNode;

/**
 * The 一单制结算单 as a browser renders it: the hospital fetches the page from the running service with its internal
 * token (no call is served without one, docs/security.md), and headless Chromium (Debian's {@code chromium} package)
 * renders that page and dumps the DOM it built; the test reads what a cashier reads. Skipped, saying so, only when no
 * Chromium is installed on this machine (CI installs it). (A token-free, short-lived signed printing link is issue 14.)
 */
class StatementIntegrationTest extends SettlementIntegrationTestBase {

    static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

    @Test
    void theStatementShowsEveryLayerWhatThePatientPaysAndTheMaskedIdNumber() throws Exception {
        String browser = CHROMIUM.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        assumeTrue(browser != null, "headless Chromium not installed (apt-get install -y chromium): statement rendering not checked");

        String id = newIdNumber();
        String person = personRef(id);
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        Map<String, Object> body = withBurden(person, "2026-05-20", "4000");
        body.remove("personRef");
        body.put("idNumber", id);
        JsonNode answer = settleOk(body);
        byte[] page = http().get().uri("/api/v1/settlements/{id}/statement", answer.get("settlementId").asString())
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        Path profile = Files.createTempDirectory("chromium-profile");
        Path html = Files.write(profile.resolve("statement.html"), page);
        String url = html.toUri().toString();

        Process p = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--dump-dom", url).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // what the cashier reads: the title, the masked number (never the raw one), the total, each layer, 个人支付
        assertThat(dom).contains("医疗费用一站式结算单");
        // the suite's one mask (docs/security.md): the first 6 characters and the check character, 11 hidden between
        assertThat(dom).contains(id.substring(0, 6) + "*".repeat(11) + id.substring(17)).doesNotContain(id);
        assertThat(dom).contains("医疗费总额").contains("14000.00 元");
        // jiujiang-2022 三(三)2(2): 医疗救助 75 % of 4,000 = 3,000, cap 50,000, 47,000 remaining; the patient pays 1,000
        assertThat(dom).contains("医疗救助").contains("75%").contains("3000.00").contains("50000.00").contains("47000.00")
                .contains("jiujiang-2022 三(三)2(2)");
        assertThat(between(dom, "id=\"patient-pays\">", "</td>")).isEqualTo("1000.00 元");
        assertThat(dom).contains("个人支付");
        assertThat(dom).contains("二类人员");

        Process shot = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--screenshot=" + profile.resolve("statement.png"), "--window-size=1000,1400", url)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(shot.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.size(profile.resolve("statement.png"))).isGreaterThan(10_000);
    }

    static String between(String s, String from, String to) {
        int i = s.indexOf(from);
        assertThat(i).as("finds " + from).isGreaterThanOrEqualTo(0);
        int j = s.indexOf(to, i + from.length());
        return s.substring(i + from.length(), j);
    }
}

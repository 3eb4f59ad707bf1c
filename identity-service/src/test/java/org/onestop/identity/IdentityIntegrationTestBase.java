package org.onestop.identity;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.onestop.events.InternalToken;
import org.onestop.events.ResidentIdNumber;
import org.onestop.infra.embedded.TestInfrastructure;
import org.onestop.infra.embedded.TestTokens;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The one Spring context every identity integration test shares: the real broker and PostgreSQL from
 * {@link TestInfrastructure}, the service on a random port, an upload limit of 1 MB so "too large" is cheap to test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "onestop.person-ref.secret=integration-test-secret",
        "onestop.identity.max-upload-size=1MB",
        "onestop.messaging.outbox.poll-interval=50ms",
        "onestop.identity.encryption.active-key-id=k1",
        "onestop.identity.encryption.keys.k1=" + IdentityIntegrationTestBase.KEY_1,
        "onestop.identity.encryption.keys.k0=" + IdentityIntegrationTestBase.KEY_0})
abstract class IdentityIntegrationTestBase {

    static final String SECRET = "integration-test-secret";
    /** Test keys (bytes 0..31 and 32..63): k1 is active, k0 an older key still configured for rotation. */
    static final String KEY_1 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final String KEY_0 = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "identity");
        TestTokens.register(registry);
    }

    @Value("${local.server.port}")
    int port;

    /** A client calling as an operator (reads everything, pushes nothing), with a fresh internal token. */
    WebTestClient http() {
        return as(Map.of("sub", "test-operator", "partner_type", "operator"));
    }

    /** Shanxi civil affairs, the department most batches here come from (an operator reads, it pushes nothing). */
    WebTestClient shanxiCivilAffairs() {
        return as(departmentClaims("CIVIL_AFFAIRS", "140000"));
    }

    /** A client calling as the partner {@code claims} describe. */
    WebTestClient as(Map<String, ?> claims) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(60))
                .defaultHeader(HttpHeaders.AUTHORIZATION, bearer(claims)).build();
    }

    /** {@code Bearer <internal token for this service>} of the partner {@code claims} describe, valid 60 s. */
    static String bearer(Map<String, ?> claims) {
        return "Bearer " + TestTokens.token(InternalToken.IDENTITY_SERVICE, claims);
    }

    /** The claims of {@code department}'s partner for {@code region}. */
    static Map<String, String> departmentClaims(String department, String region) {
        return Map.of("sub", department.toLowerCase() + "-" + region, "partner_type", "department", "department", department,
                "region", region);
    }

    /** A fresh valid ID number born 1950–1999 in Taiyuan 140105, unlikely to meet another test's. */
    static String newIdNumber() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String first17 = String.format("140105%04d%02d%02d%03d", 1950 + r.nextInt(50), 1 + r.nextInt(12), 1 + r.nextInt(28),
                r.nextInt(1000));
        return ResidentIdNumber.withCheckChar(first17);
    }

    static String personRef(String idNumber) {
        return ResidentIdNumber.of(idNumber).personRef(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)).value();
    }

    static String newReference() {
        return "ref-" + java.util.UUID.randomUUID();
    }
}

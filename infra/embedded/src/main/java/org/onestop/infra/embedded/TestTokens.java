package org.onestop.infra.embedded;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The credential of a test JVM: one RSA key pair standing in for the gateway's internal signing key, its public JWK set
 * served on loopback (as the gateway serves {@code /.well-known/internal-jwks.json}), and internal tokens minted with it
 * for any caller and audience (docs/security.md, "Internal token"). Tests call a service as a real client would, with
 * {@code Authorization: Bearer} and a token the service verifies; nothing is believed without one.
 *
 * <p>Plain JDK crypto (SHA256withRSA, JWS compact form), so this module adds no JOSE library to every test classpath.
 * Claim values are strings or numbers.
 */
public final class TestTokens {

    /** The service property naming the JWK set an internal token is verified against. */
    public static final String JWKS_PROPERTY = "onestop.security.internal-jwks-uri";

    private static final String KID = "test-" + UUID.randomUUID().toString().substring(0, 8);
    private static final KeyPair KEYS = generate();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static HttpServer server;

    private TestTokens() {
    }

    /** Registers {@link #JWKS_PROPERTY}; the JWK set server starts when Spring reads it. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add(JWKS_PROPERTY, TestTokens::jwksUri);
    }

    /** The URL of this JVM's public JWK set, starting its server on first use. */
    public static synchronized String jwksUri() {
        if (server == null) {
            server = serve(jwks());
        }
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    /** An operator's token for {@code audience}, valid 60 s from now. */
    public static String operator(String audience) {
        return token(audience, Map.of("sub", "test-operator", "partner_type", "operator"));
    }

    /** A token for {@code audience} carrying {@code claims} (at least {@code sub} and {@code partner_type}), valid 60 s. */
    public static String token(String audience, Map<String, ?> claims) {
        return token(audience, claims, Instant.now(), Duration.ofSeconds(60));
    }

    /** A token issued at {@code issuedAt} living {@code lifetime} (an expired one: a past {@code issuedAt}). */
    public static String token(String audience, Map<String, ?> claims, Instant issuedAt, Duration lifetime) {
        return sign(audience, claims, issuedAt, lifetime, KEYS.getPrivate(), KID);
    }

    /** A token in every way valid but signed by a key the service does not know, under this JVM's {@code kid}. */
    public static String forged(String audience, Map<String, ?> claims) {
        return sign(audience, claims, Instant.now(), Duration.ofSeconds(60), generate().getPrivate(), KID);
    }

    private static String sign(String audience, Map<String, ?> claims, Instant issuedAt, Duration lifetime, PrivateKey key,
            String kid) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("iss", "onestop-gateway");
        payload.put("aud", audience);
        payload.put("iat", issuedAt.getEpochSecond());
        payload.put("exp", issuedAt.plus(lifetime).getEpochSecond());
        payload.put("jti", UUID.randomUUID().toString());
        payload.putAll(claims);
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
        String signingInput = b64(header) + "." + b64(json(payload));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jwks() {
        RSAPublicKey pub = (RSAPublicKey) KEYS.getPublic();
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KID + "\",\"n\":\""
                + B64.encodeToString(unsigned(pub.getModulus())) + "\",\"e\":\""
                + B64.encodeToString(unsigned(pub.getPublicExponent())) + "\"}]}";
    }

    /** JWK integers are unsigned big-endian: drop the sign byte {@link BigInteger#toByteArray} may add. */
    private static byte[] unsigned(BigInteger i) {
        byte[] b = i.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String json(Map<String, Object> claims) {
        StringBuilder s = new StringBuilder("{");
        claims.forEach((name, value) -> {
            if (s.length() > 1) {
                s.append(',');
            }
            s.append('"').append(name).append("\":");
            if (value instanceof Number) {
                s.append(value);
            } else {
                s.append('"').append(String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        });
        return s.append('}').toString();
    }

    private static String b64(String text) {
        return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer serve(String jwks) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            s.createContext("/jwks.json", ex -> {
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            });
            s.setExecutor(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "test-jwks");
                t.setDaemon(true);
                return t;
            }));
            s.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> s.stop(0), "test-jwks-stop"));
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the test JWK set", e);
        }
    }
}

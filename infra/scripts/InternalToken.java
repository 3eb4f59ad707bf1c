import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mints an internal token the way the gateway does (docs/security.md, "Internal token"), for scripts and benchmarks that
 * call a service directly: signed with the first key of the gateway's internal key file, for one service, living at
 * most 60 s. Holding that file is holding the gateway's power: only the operator of the machine has it (mode 0600).
 * Only JDK classes: run it as a single source file.
 *
 * <pre>java infra/scripts/InternalToken.java .data/gateway/internal-jwks-private.json settlement-service \
 *     sub=hospital-h360402001 partner_type=hospital institution=H360402001 region=360402</pre>
 *
 * Prints the token (no {@code Bearer }). {@code ttl=<seconds>} (default 60) shortens its life.
 */
public class InternalToken {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: InternalToken <internal-jwks-private.json> <audience> sub=... partner_type=... [claim=value ...] [ttl=60]");
            System.exit(2);
        }
        String jwks = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        // the first key of the set signs, as in the gateway
        int end = jwks.indexOf('}', jwks.indexOf('{', jwks.indexOf("\"keys\"")));
        String first = jwks.substring(jwks.indexOf('{', jwks.indexOf("\"keys\"")), end + 1);
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(big(first, "n"), big(first, "e"),
                big(first, "d"), big(first, "p"), big(first, "q"), big(first, "dp"), big(first, "dq"), big(first, "qi")));
        long ttl = 60;
        Map<String, String> claims = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            if (kv[0].equals("ttl")) {
                ttl = Math.min(60, Long.parseLong(kv[1]));
            } else {
                claims.put(kv[0], kv[1]);
            }
        }
        long now = System.currentTimeMillis() / 1000;
        StringBuilder payload = new StringBuilder("{\"iss\":\"onestop-gateway\",\"aud\":\"" + args[1] + "\",\"iat\":" + now
                + ",\"exp\":" + (now + ttl) + ",\"jti\":\"" + UUID.randomUUID() + "\"");
        claims.forEach((k, v) -> payload.append(",\"").append(k).append("\":\"").append(v.replace("\"", "")).append('"'));
        payload.append('}');
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + text(first, "kid") + "\"}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        System.out.println(input + "." + b64.encodeToString(rsa.sign()));
    }

    private static String text(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("the key has no " + name + " (is it the private internal key file?)");
        }
        return m.group(1);
    }

    private static BigInteger big(String json, String name) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(text(json, name)));
    }
}

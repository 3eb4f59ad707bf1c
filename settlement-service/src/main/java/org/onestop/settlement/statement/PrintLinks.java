package org.onestop.settlement.statement;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.onestop.messaging.personref.PersonRefProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Short-lived signed links for printing a statement without a bearer token (docs/security.md, "Printing links"): the
 * token is {@code base64url(settlementId "." expiryEpochSecond) "." base64url(HMAC-SHA256)}. The signature is the
 * credential: it binds the settlement id and the expiry, so a link cannot be moved to another settlement or extended.
 * The key is derived from the deployment secret every replica already holds ({@code onestop.person-ref.secret}) as
 * HMAC-SHA256(secret, {@value #KEY_LABEL}), so the person-reference key itself never signs anything else and no new
 * secret needs distributing.
 */
@Component
public class PrintLinks {

    static final String KEY_LABEL = "onestop statement print link v1";

    /** A link whose signature does not verify (altered, truncated, or signed under another key): 403. */
    public static final class InvalidLinkException extends RuntimeException {
        InvalidLinkException() {
            super("打印链接无效 (the printing link's signature does not verify)");
        }
    }

    /** A link whose signature verifies but whose time has passed: 410, ask the hospital system for a new one. */
    public static final class ExpiredLinkException extends RuntimeException {
        ExpiredLinkException(Instant at) {
            super("打印链接已过期，请重新生成 (the printing link expired at " + at + ")");
        }
    }

    /** @param token the signed token; @param expiresAt when it stops working */
    public record Link(String token, Instant expiresAt) {
    }

    private final byte[] key;
    private final Clock clock;
    private final Duration ttl;

    @Autowired
    PrintLinks(PersonRefProperties personRef, StatementProperties properties, Clock clock) {
        this(personRef.secretBytes(), properties.linkTtl(), clock);
    }

    PrintLinks(byte[] deploymentSecret, Duration ttl, Clock clock) {
        this.key = hmac(deploymentSecret, KEY_LABEL.getBytes(StandardCharsets.UTF_8));
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A link to {@code settlementId}'s statement, valid for {@code link-ttl} from now. */
    public Link issue(UUID settlementId) {
        Instant expires = clock.instant().plus(ttl);
        byte[] payload = (settlementId + "." + expires.getEpochSecond()).getBytes(StandardCharsets.US_ASCII);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return new Link(b64.encodeToString(payload) + "." + b64.encodeToString(hmac(key, payload)), Instant.ofEpochSecond(expires.getEpochSecond()));
    }

    /**
     * The settlement a token names.
     *
     * @throws InvalidLinkException when it is malformed or its signature does not verify
     * @throws ExpiredLinkException when it verifies but has expired
     */
    public UUID verify(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0 || token.length() > 200) {
            throw new InvalidLinkException();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidLinkException();
        }
        if (!MessageDigest.isEqual(hmac(key, payload), signature)) {
            throw new InvalidLinkException();
        }
        // signed by us: the payload is ours, so its shape is known
        String[] parts = new String(payload, StandardCharsets.US_ASCII).split("\\.");
        Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[1]));
        if (!clock.instant().isBefore(expires)) {
            throw new ExpiredLinkException(expires);
        }
        return UUID.fromString(parts[0]);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}

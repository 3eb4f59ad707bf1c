package org.onestop.identity.person;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.onestop.events.PersonRef;
import org.onestop.events.ResidentIdNumber;
import org.onestop.messaging.personref.PersonRefProperties;
import org.springframework.stereotype.Component;

/**
 * Turns validated ID numbers into person references under the deployment secret: the same value as
 * {@link ResidentIdNumber#personRef(byte[])} (lowercase hex HMAC-SHA256 of the upper-cased number), computed with one
 * keyed {@link Mac} per thread instead of a provider lookup and key schedule per number (a million-row file
 * needs up to two million of them).
 */
@Component
public class PersonRefs {

    private static final HexFormat HEX = HexFormat.of();

    private final ThreadLocal<Mac> macs;

    @org.springframework.beans.factory.annotation.Autowired
    PersonRefs(PersonRefProperties properties) {
        this(properties.secretBytes());
    }

    public PersonRefs(byte[] secret) {
        SecretKeySpec key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    public PersonRef of(ResidentIdNumber id) {
        return new PersonRef(value(id));
    }

    /** {@code of(id).value()}, without re-checking the form of a value this class just computed. */
    public String value(ResidentIdNumber id) {
        // doFinal resets the Mac for the next number
        return HEX.formatHex(macs.get().doFinal(id.value().getBytes(StandardCharsets.US_ASCII)));
    }
}

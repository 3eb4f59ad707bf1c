package org.onestop.identity.person;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.onestop.identity.EncryptionProperties;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM (JDK) for the raw ID number and the name in {@code person}: a fresh 96-bit nonce per value, stored as
 * {@code nonce || ciphertext || tag}, and the key's id in {@code person.key_id} so keys can rotate. The associated
 * data binds each ciphertext to its row and column ({@code personRef + ":" + column}): a value copied to another row
 * or column does not decrypt. Lookups never decrypt: they go by the HMAC personRef.
 */
@Component
public class PersonCipher {

    /** A sealed value and the id of the key that sealed it. */
    public record Sealed(String keyId, byte[] bytes) {
    }

    /** Column names bound into the associated data. */
    public static final String ID_NUMBER = "id_number";
    public static final String NAME = "name";

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys = new HashMap<>();
    private final String activeKeyId;
    /**
     * One cipher and one nonce source per thread: {@code Cipher.getInstance} (a provider lookup) and a fresh instance's
     * AES key schedule per value, plus the shared {@code SecureRandom}'s lock, were 13 % of identity-service's CPU on
     * a roster (issue 17's profile). A JDK cipher re-initialised with the same key keeps its key schedule; each seal
     * still gets a fresh random nonce.
     */
    private final ThreadLocal<Cipher> sealers = ThreadLocal.withInitial(PersonCipher::newCipher);
    private final ThreadLocal<SecureRandom> nonces = ThreadLocal.withInitial(SecureRandom::new);

    public PersonCipher(EncryptionProperties properties) {
        properties.keys().forEach((id, base64) -> {
            if (base64 != null && !base64.isBlank()) {
                keys.put(id, new SecretKeySpec(Base64.getDecoder().decode(base64.strip()), "AES"));
            }
        });
        this.activeKeyId = properties.activeKeyId();
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    /** {@code plaintext} sealed under the active key for {@code column} of {@code personRef}'s row; null stays null. */
    public byte[] seal(String plaintext, String personRef, String column) {
        if (plaintext == null) {
            return null;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        nonces.get().nextBytes(nonce);
        byte[] value = plaintext.getBytes(StandardCharsets.UTF_8);
        try {
            Cipher c = sealers.get();
            c.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(personRef, column));
            byte[] sealed = new byte[NONCE_BYTES + c.getOutputSize(value.length)];
            System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
            c.doFinal(value, 0, value.length, sealed, NONCE_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * The plaintext of a value sealed under {@code keyId}; null stays null.
     *
     * @throws IllegalStateException when the key is not configured (a removed key) or the value was altered or moved
     */
    public String open(String keyId, byte[] sealed, String personRef, String column) {
        if (sealed == null) {
            return null;
        }
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("encryption key " + keyId + " is not configured (onestop.identity.encryption"
                    + ".keys." + keyId + "); rows sealed with it cannot be read");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            c.updateAAD(aad(personRef, column));
            return new String(c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed " + column
                    + " does not decrypt (altered, or moved from another row)");
        }
    }

    /** PostgreSQL's hex input for bytea ({@code \x…}), for COPY text and text-array parameters. */
    public static String hex(byte[] bytes) {
        return bytes == null ? null : "\\x" + HexFormat.of().formatHex(bytes);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static byte[] aad(String personRef, String column) {
        return (personRef + ":" + column).getBytes(StandardCharsets.UTF_8);
    }
}

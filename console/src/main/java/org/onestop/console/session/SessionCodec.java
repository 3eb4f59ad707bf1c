package org.onestop.console.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a {@link SessionState} into a cookie value and opens it again: AES-256-GCM under the key every replica shares,
 * so the browser can neither read the partner's token nor change a byte of it. A cookie sealed under the previous key
 * (rotation, docs/security.md) still opens; new cookies are always sealed under the current one.
 *
 * <p>Layout: {@code base64url(version 1 | 12-byte random nonce | ciphertext | 16-byte tag)}. The associated data names
 * the purpose, so a sealed revocation list ({@link Revocations}) is never accepted as a session and vice versa.
 */
final class SessionCodec {

    /**
     * The longest cookie value written: browsers keep at least 4,096 bytes per cookie, name and attributes included
     * (RFC 6265 §6.1); the name and attributes take under 100. A state that would not fit is refused, never truncated.
     */
    static final int MAX_COOKIE_CHARS = 3_800;

    enum Purpose {
        SESSION("onestop-console-session-v1"), REVOCATIONS("onestop-console-revocations-v1");

        private final byte[] associatedData;

        Purpose(String name) {
            this.associatedData = name.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom random = new SecureRandom();

    private final SecretKey key;
    private final SecretKey previousKey;

    /**
     * @param key         32 bytes: seals and opens
     * @param previousKey 32 bytes or null: opens only (cookies sealed before a rotation)
     */
    SessionCodec(byte[] key, byte[] previousKey) {
        this.key = aes(key, "the session key");
        this.previousKey = previousKey == null ? null : aes(previousKey, "the previous session key");
    }

    /** A key as configured: 32 bytes in standard Base64 ({@code openssl rand -base64 32}). */
    static byte[] decodeKey(String base64, String what) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not Base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes (AES-256), was " + bytes.length);
        }
        return bytes;
    }

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    static String newSessionId() {
        return HexFormat.of().formatHex(randomBytes(16));
    }

    static String newCsrfToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    // --- the session cookie ---

    /** The cookie value; {@link SessionTooLargeException} when it would pass {@link #MAX_COOKIE_CHARS}. */
    String seal(SessionState state) {
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(seal(serialize(state), Purpose.SESSION));
        if (value.length() > MAX_COOKIE_CHARS) {
            throw new SessionTooLargeException(value.length());
        }
        return value;
    }

    /** The state sealed in {@code value}; empty for anything not sealed by us (altered, another key, garbage). */
    Optional<SessionState> open(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_COOKIE_CHARS) {
            return Optional.empty();
        }
        byte[] sealed;
        try {
            sealed = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return open(sealed, Purpose.SESSION).flatMap(SessionCodec::deserialize);
    }

    // --- AES-GCM ---

    byte[] seal(byte[] plaintext, Purpose purpose) {
        byte[] nonce = randomBytes(NONCE_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.associatedData);
            byte[] ciphertext = cipher.doFinal(plaintext);
            byte[] out = new byte[1 + NONCE_BYTES + ciphertext.length];
            out[0] = VERSION;
            System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
            System.arraycopy(ciphertext, 0, out, 1 + NONCE_BYTES, ciphertext.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    Optional<byte[]> open(byte[] sealed, Purpose purpose) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            return Optional.empty();
        }
        Optional<byte[]> opened = open(sealed, purpose, key);
        return opened.isPresent() || previousKey == null ? opened : open(sealed, purpose, previousKey);
    }

    private static Optional<byte[]> open(byte[] sealed, Purpose purpose, SecretKey under) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, under, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(purpose.associatedData);
            return Optional.of(cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES));
        } catch (AEADBadTagException e) {
            // altered, sealed under another key, or for another purpose
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static SecretKey aes(byte[] bytes, String what) {
        if (bytes == null || bytes.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes (AES-256)");
        }
        return new SecretKeySpec(Arrays.copyOf(bytes, 32), "AES");
    }

    // --- the state's bytes (compact: a JWT of ~1 kB already takes a third of the cookie) ---

    private static byte[] serialize(SessionState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1_024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(HexFormat.of().parseHex(state.id()));
            out.writeUTF(state.csrf());
            out.writeLong(state.idleDeadline().toEpochMilli());
            ConsoleSession partner = state.partner();
            out.writeBoolean(partner != null);
            if (partner != null) {
                out.writeUTF(partner.clientId());
                out.writeUTF(partner.accessToken());
                out.writeLong(partner.expiresAt().toEpochMilli());
                out.writeShort(partner.scopes().size());
                for (String scope : partner.scopes()) {
                    out.writeUTF(scope);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Optional<SessionState> deserialize(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            String id = HexFormat.of().formatHex(in.readNBytes(16));
            String csrf = in.readUTF();
            Instant idleDeadline = Instant.ofEpochMilli(in.readLong());
            ConsoleSession partner = null;
            if (in.readBoolean()) {
                String clientId = in.readUTF();
                String token = in.readUTF();
                Instant expiresAt = Instant.ofEpochMilli(in.readLong());
                int count = in.readUnsignedShort();
                Set<String> scopes = new LinkedHashSet<>();
                for (int i = 0; i < count; i++) {
                    scopes.add(in.readUTF());
                }
                partner = new ConsoleSession(clientId, token, Set.copyOf(scopes), expiresAt);
            }
            return Optional.of(new SessionState(id, csrf, partner, idleDeadline));
        } catch (IOException e) {
            // authentic but unreadable: only a cookie of another version of the console; treated as no session
            return Optional.empty();
        }
    }

    // --- a revocation list, as replicas send it to each other ---

    byte[] sealRevocations(Map<String, Instant> revoked) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(revoked.size());
            for (Map.Entry<String, Instant> entry : revoked.entrySet()) {
                out.write(HexFormat.of().parseHex(entry.getKey()));
                out.writeLong(entry.getValue().toEpochMilli());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return seal(bytes.toByteArray(), Purpose.REVOCATIONS);
    }

    /** Empty unless sealed by a replica holding our key. */
    Optional<Map<String, Instant>> openRevocations(byte[] sealed) {
        return open(sealed, Purpose.REVOCATIONS).flatMap(plain -> {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
                int count = in.readInt();
                if (count < 0 || count > Revocations.MAX_ENTRIES) {
                    return Optional.empty();
                }
                Map<String, Instant> revoked = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    revoked.put(HexFormat.of().formatHex(in.readNBytes(16)), Instant.ofEpochMilli(in.readLong()));
                }
                return Optional.of(revoked);
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /** A state whose cookie would pass {@link #MAX_COOKIE_CHARS}: the partner's token is too long to carry. */
    static final class SessionTooLargeException extends IllegalStateException {

        SessionTooLargeException(int chars) {
            super("the session cookie would be " + chars + " characters, more than " + MAX_COOKIE_CHARS);
        }
    }
}

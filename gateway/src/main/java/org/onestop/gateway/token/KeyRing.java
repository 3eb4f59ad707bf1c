package org.onestop.gateway.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.onestop.gateway.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The gateway's keys, from a JWK set file: the <b>first</b> key signs new tokens, <b>every</b> key in the file verifies
 * (by {@code kid}). The file is re-read when it changes (checked at most every {@code key-reload}), so keys rotate
 * without a restart: add the new key at the end, wait a reload, move it first, wait a token lifetime, remove the old
 * one (docs/security.md). A file that does not parse, or whose first key cannot sign, is refused and the previous keys
 * stay in use. On first start with no file, one RSA-2048 key is generated into it (readable by the owner only).
 */
@Component
public class KeyRing {

    private static final Logger log = LoggerFactory.getLogger(KeyRing.class);

    /** What one reading of the file gave. */
    record Keys(RSAKey signing, Map<String, JWK> verification, JWKSet publicSet, FileTime modified) {
    }

    private final Path file;
    private final long reloadNanos;
    private volatile Keys keys;
    private volatile long lastCheck;
    /** Incremented whenever the file's keys are replaced, so verified-token caches know to forget. */
    private volatile long generation;

    @Autowired
    KeyRing(GatewayProperties properties) {
        this(properties.tokens().keyFile(), properties.tokens().keyReload());
    }

    /** A key ring of its own file: the partner tokens' (the bean) or the internal tokens' ({@link InternalTokens}). */
    KeyRing(Path keyFile, Duration keyReload) {
        this.file = keyFile.toAbsolutePath().normalize();
        this.reloadNanos = keyReload.toNanos();
        if (!Files.exists(file)) {
            generate(file);
        }
        this.keys = read(file);
        this.lastCheck = System.nanoTime();
        log.info("Token keys from {}: signing kid {}, verifying {}", file, keys.signing().getKeyID(), keys.verification().keySet());
    }

    public RSAKey signingKey() {
        return current().signing();
    }

    /** The verification key of that {@code kid}, or none. */
    public List<JWK> verificationKey(String kid) {
        JWK key = kid == null ? null : current().verification().get(kid);
        return key == null ? List.of() : List.of(key);
    }

    /**
     * A number that changes whenever the keys change (a reload that replaced them). Checks the file like every other
     * read, at most every {@code key-reload}.
     */
    public long generation() {
        current();
        return generation;
    }

    /** The public JWK set served at {@code /.well-known/jwks.json}. */
    public JWKSet publicKeys() {
        return current().publicSet();
    }

    /** Reads the file now if it changed (tests and the rotation runbook use it; requests call it at most every reload). */
    public void reloadIfChanged() {
        lastCheck = System.nanoTime();
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (!modified.equals(keys.modified())) {
                Keys fresh = read(file);
                keys = fresh;
                generation++;
                log.info("Token keys reloaded from {}: signing kid {}, verifying {}", file, fresh.signing().getKeyID(),
                        fresh.verification().keySet());
            }
        } catch (RuntimeException | IOException e) {
            log.error("Token key file {} not reloaded, keeping the previous keys: {}", file, e.getMessage());
        }
    }

    private Keys current() {
        if (System.nanoTime() - lastCheck > reloadNanos) {
            reloadIfChanged();
        }
        return keys;
    }

    static Keys read(Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            JWKSet set = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (set.getKeys().isEmpty()) {
                throw new IllegalStateException("the key file has no keys");
            }
            if (!(set.getKeys().get(0) instanceof RSAKey first) || !first.isPrivate() || first.getKeyID() == null) {
                throw new IllegalStateException("the first key must be a private RSA key with a kid (it signs tokens)");
            }
            Map<String, JWK> verification = new java.util.LinkedHashMap<>();
            for (JWK k : set.getKeys()) {
                if (k.getKeyID() == null || verification.containsKey(k.getKeyID())) {
                    throw new IllegalStateException("every key needs a unique kid");
                }
                verification.put(k.getKeyID(), k.toPublicJWK());
            }
            return new Keys(first, Map.copyOf(verification), new JWKSet(List.copyOf(verification.values())), modified);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token key file " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException("the token key file " + file + " is not a JWK set: " + e.getMessage(), e);
        }
    }

    /** A new RSA-2048 signing key with a kid naming its day, e.g. {@code gw-20261125-3fa2}. */
    public static RSAKey newKey() {
        try {
            String kid = "gw-" + LocalDate.now(ZoneOffset.UTC).toString().replace("-", "") + "-"
                    + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a JWK set file atomically, private keys included, readable by the owner only. */
    public static void write(Path file, List<JWK> keys) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, new JWKSet(keys).toString(false), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not POSIX: the directory's permissions apply
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the token key file " + file, e);
        }
    }

    private static void generate(Path file) {
        RSAKey key = newKey();
        write(file, List.of(key));
        log.info("Generated the first token signing key {} into {}", key.getKeyID(), file);
    }
}

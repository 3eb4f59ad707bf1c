package org.onestop.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Keys the launcher makes once per data directory and keeps in {@code <data>/secrets} (owner-only, 0600): today the
 * identity-service encryption key (AES-256, base64), passed as {@code ONESTOP_IDENTITY_ENCRYPTION_KEY} (id {@code k1}).
 * Losing the file loses every stored ID number and name of that data directory, so it is never overwritten.
 */
final class SecretFiles {

    static final String IDENTITY_KEY_FILE = "identity-encryption-key";

    private SecretFiles() {
    }

    static String identityEncryptionKey(Path dataDirectory) {
        Path file = dataDirectory.resolve("secrets").resolve(IDENTITY_KEY_FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(file); // not a POSIX file system: the directory's own protection applies
                } catch (FileAlreadyExistsException e) {
                    return read(file); // made by a concurrent start
                }
                Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            }
            return read(file);
        } catch (IOException e) {
            throw new LaunchException("Cannot read or create the identity encryption key " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }
}

package org.onestop.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The credentials the launcher hands out, one file per secret in {@code <data>/secrets/} (directory 0700, files 0600
 * on POSIX file systems): generated on first use, read back on every later start. Deleting a file and restarting
 * rotates that secret (the launcher re-applies Kafka credentials and PostgreSQL role passwords on each start), except
 * the embedded PostgreSQL superuser's, which the cluster keeps from its initialisation.
 *
 * <p>Names: {@code kafka-admin}, {@code kafka-<principal>} (docs/security.md's table), {@code postgres-superuser},
 * {@code postgres-<database>} (the role owning that database). Files: {@code <name>.password}, one line.
 */
final class LauncherSecrets {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,80}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.-]{8,200}");
    private static final SecureRandom random = new SecureRandom();

    private final Path directory;

    private LauncherSecrets(Path directory) {
        this.directory = directory;
    }

    /** Opens (creating it 0700 if needed) the secrets directory. */
    static LauncherSecrets in(Path directory) {
        try {
            Files.createDirectories(directory);
            restrict(directory, "rwx------");
        } catch (IOException e) {
            throw new LaunchException("Cannot create the secrets directory " + directory + ": " + e.getMessage(), e);
        }
        return new LauncherSecrets(directory);
    }

    Path directory() {
        return directory;
    }

    Path file(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Secret names are lower-case words joined by '-', was '" + name + "'");
        }
        return directory.resolve(name + ".password");
    }

    /** The secret {@code name}, generated (32 random bytes, URL-safe Base64) and stored on first use. */
    String get(String name) {
        Path file = file(name);
        try {
            if (!Files.exists(file)) {
                write(file, newSecret());
            }
            String value = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!VALUE.matcher(value).matches()) {
                throw new LaunchException(file + " must hold one password of 8-200 characters [A-Za-z0-9_.-]; delete it to "
                        + "generate a new one");
            }
            return value;
        } catch (IOException e) {
            throw new LaunchException("Cannot read or write the secret " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The AES-256 key {@code name} (32 random bytes, standard Base64), generated into {@code <name>.key} on first use
     * and never overwritten: losing it loses what was encrypted under it (the identity-service's ID numbers and names).
     */
    String aesKey(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Key names are lower-case words joined by '-', was '" + name + "'");
        }
        Path file = directory.resolve(name + ".key");
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                random.nextBytes(key);
                write(file, Base64.getEncoder().encodeToString(key));
            }
            String value = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (Base64.getDecoder().decode(value).length != 32) {
                throw new LaunchException(file + " must hold 32 bytes in Base64");
            }
            return value;
        } catch (IOException | IllegalArgumentException e) {
            throw new LaunchException("Cannot read or create the key " + file + ": " + e.getMessage(), e);
        }
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Written to a 0600 temporary file first and moved into place, so no reader ever sees a half-written secret. */
    private static void write(Path file, String value) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), ".secret-", ".tmp");
        try {
            restrict(temporary, "rw-------");
            Files.writeString(temporary, value + System.lineSeparator(), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file);
            }
        } catch (FileAlreadyExistsException e) {
            // another launcher wrote it first: keep theirs
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Windows: the data directory sits in the user's own profile; ACLs there are the user's business
        }
    }
}

package org.onestop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherSecretsTest {

    @TempDir
    Path data;

    @Test
    void generatesASecretOnceKeepsItOwnerOnlyAndReadsTheSameOneOnTheNextStart() throws Exception {
        Path dir = data.resolve("secrets");

        String first = LauncherSecrets.in(dir).get("kafka-settlement-service");
        String again = LauncherSecrets.in(dir).get("kafka-settlement-service");

        assertThat(again).isEqualTo(first);
        // 32 random bytes in URL-safe Base64 without padding: ceil(32 * 8 / 6) = 43 characters
        assertThat(first).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("kafka-settlement-service.password"))))
                .isEqualTo("rw-------");
    }

    @Test
    void eachNameHasItsOwnSecretAndADeletedFileIsRotated() throws Exception {
        LauncherSecrets secrets = LauncherSecrets.in(data.resolve("secrets"));
        String identity = secrets.get("postgres-identity");

        assertThat(secrets.get("postgres-settlement")).isNotEqualTo(identity);
        Files.delete(secrets.file("postgres-identity"));
        assertThat(secrets.get("postgres-identity")).isNotEqualTo(identity);
    }

    @Test
    void makesAThirtyTwoByteAesKeyOnceOwnerOnlyAndNeverReplacesIt() throws Exception {
        LauncherSecrets secrets = LauncherSecrets.in(data.resolve("secrets"));

        String first = secrets.aesKey("identity-encryption");

        assertThat(Base64.getDecoder().decode(first)).hasSize(32);
        Path file = data.resolve("secrets").resolve("identity-encryption.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(LauncherSecrets.in(data.resolve("secrets")).aesKey("identity-encryption")).isEqualTo(first);
    }
}

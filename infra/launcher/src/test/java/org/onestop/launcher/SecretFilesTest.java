package org.onestop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

    @Test
    void makesAThirtyTwoByteKeyOnceOwnerOnlyAndReturnsTheSameKeyAfterwards(@TempDir Path data) throws Exception {
        String first = SecretFiles.identityEncryptionKey(data);
        assertThat(Base64.getDecoder().decode(first)).hasSize(32);
        Path file = data.resolve("secrets").resolve(SecretFiles.IDENTITY_KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SecretFiles.identityEncryptionKey(data)).isEqualTo(first);
    }
}

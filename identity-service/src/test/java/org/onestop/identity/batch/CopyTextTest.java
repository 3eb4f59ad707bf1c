package org.onestop.identity.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    @Test
    void escapesWhatTheTextFormatReservesAndWritesNullAsBackslashN() {
        CopyText t = new CopyText(16);
        t.col("a\tb").col(null).col("c\\d\ne\rf").col(42).endRow().col("张三").endRow();
        assertThat(t.toByteBuf().toString(StandardCharsets.UTF_8))
                .isEqualTo("a\\tb\t\\N\tc\\\\d\\ne\\rf\t42\n张三\n");
    }
}

package org.onestop.messaging.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    @Test
    void escapesWhatTheTextFormatReservesAndWritesNullAsBackslashN() {
        CopyText t = new CopyText(16);
        t.col("a\tb").col(null).col("c\\d\ne\rf").col(42).endRow().col("张三").endRow();
        // PostgreSQL's COPY text format: \t \n \r \\ escaped, \N for null, tab between columns, newline after a row
        assertThat(t.toByteBuf().toString(StandardCharsets.UTF_8))
                .isEqualTo("a\\tb\t\\N\tc\\\\d\\ne\\rf\t42\n张三\n");
    }

    @Test
    void writesBytesAsByteaHexWithItsBackslashEscaped() {
        CopyText t = new CopyText(16);
        // {0x7b, 0x0a, 0xff}: bytea hex form \x7b0aff; the text format doubles the backslash
        t.col("k").col(new byte[] {0x7b, 0x0a, (byte) 0xff}).endRow();
        assertThat(t.toByteBuf().toString(StandardCharsets.UTF_8)).isEqualTo("k\t\\\\x7b0aff\n");
    }

    @Test
    void isEmptyUntilAColumnIsWritten() {
        CopyText t = new CopyText(4);
        assertThat(t.isEmpty()).isTrue();
        t.col("x");
        assertThat(t.isEmpty()).isFalse();
    }
}

package org.onestop.messaging.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
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

    @Test
    void writesEveryCharacterAsItsUtf8AndGrowsPastTheSizeItStartedWith() {
        // 4-byte characters (a surrogate pair: 𠀀 U+20000, a CJK extension B ideograph used in names), 3-byte (张),
        // 2-byte (é), a lone surrogate (written as '?', as String.getBytes does), and a start far too small
        CopyText t = new CopyText(1);
        t.col("𠀀张é").col("x\uD800y").endRow();
        assertThat(t.toByteBuf().toString(StandardCharsets.UTF_8)).isEqualTo("𠀀张é\tx?y\n");
    }

    @Test
    void randomColumnsComeOutAsTheTextFormatOfTheirUtf8() {
        // the reference: escape the four reserved characters, then encode with the JDK (what the format means)
        Random random = new Random(17);
        char[] alphabet = "ab\\\t\n\r 张三é€\uD83D\uDE00\uD800".toCharArray();
        for (int round = 0; round < 500; round++) {
            CopyText t = new CopyText(8);
            StringBuilder expected = new StringBuilder();
            int columns = 1 + random.nextInt(6);
            for (int c = 0; c < columns; c++) {
                StringBuilder value = new StringBuilder();
                int n = random.nextInt(40);
                for (int i = 0; i < n; i++) {
                    value.append(alphabet[random.nextInt(alphabet.length)]);
                }
                t.col(value.toString());
                expected.append(c == 0 ? "" : "\t").append(value.toString().replace("\\", "\\\\").replace("\t", "\\t")
                        .replace("\n", "\\n").replace("\r", "\\r"));
            }
            t.endRow();
            expected.append('\n');
            byte[] written = new byte[t.toByteBuf().readableBytes()];
            t.toByteBuf().readBytes(written);
            assertThat(written).as("round " + round).isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}

package org.onestop.identity.batch.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CharsetDetectorTest {

    @Test
    void byteOrderMarkWins() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a'};
        assertThat(CharsetDetector.detect(bom, bom.length)).isEqualTo(new CharsetDetector.Detected(StandardCharsets.UTF_8, 3));
    }

    @Test
    void validUtf8IsUtf8EvenWhenTheSampleCutsACharacter() {
        byte[] text = "乡(镇),行政村".getBytes(StandardCharsets.UTF_8);
        assertThat(CharsetDetector.detect(text, text.length).charset()).isEqualTo(StandardCharsets.UTF_8);
        // 乡 is 3 bytes in UTF-8; cutting after 1 byte must not flip the guess
        assertThat(CharsetDetector.detect(text, 4).charset()).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void chineseInGb18030IsNotUtf8() {
        byte[] text = "乡(镇),行政村,户主姓名".getBytes(Charset.forName("GB18030"));
        assertThat(CharsetDetector.detect(text, text.length).charset()).isEqualTo(CharsetDetector.GB18030);
    }

    @Test
    void gbkAndGb2312NamesMeanGb18030() {
        assertThat(CharsetDetector.named("gbk")).isEqualTo(CharsetDetector.GB18030);
        assertThat(CharsetDetector.named("utf8")).isEqualTo(StandardCharsets.UTF_8);
    }
}

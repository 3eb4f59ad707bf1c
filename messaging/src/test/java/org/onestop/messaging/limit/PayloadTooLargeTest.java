package org.onestop.messaging.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

class PayloadTooLargeTest {

    @Test
    void namesTheLimitInTheLargestUnitThatDividesItExactly() {
        assertThat(PayloadTooLarge.words(16L * 1024 * 1024)).isEqualTo("16 MB");
        assertThat(PayloadTooLarge.words(256L * 1024)).isEqualTo("256 KB");
        // 1.5 MB is 1,536 KB exactly: said in KB, never rounded to "2 MB"
        assertThat(PayloadTooLarge.words(1536L * 1024)).isEqualTo("1536 KB");
        assertThat(PayloadTooLarge.words(1000)).isEqualTo("1000 bytes");
    }

    @Test
    void theProblemCarriesTypeCodeLimitAndAChineseDetail() {
        ProblemDetail p = PayloadTooLarge.problem(16L * 1024 * 1024);

        assertThat(p.getStatus()).isEqualTo(413);
        assertThat(p.getType().toString()).isEqualTo("/problems/payload-too-large");
        assertThat(p.getProperties()).containsEntry("code", "payload-too-large").containsEntry("limitBytes", 16777216L);
        assertThat(p.getDetail()).startsWith("请求体过大,此接口至多 16 MB");
    }
}

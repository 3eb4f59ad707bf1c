package org.onestop.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.onestop.events.ResidentIdNumber;

class NationalEnvelopeTest {

    private static final byte[] KEY = "unit-secret".getBytes(StandardCharsets.UTF_8);
    private static final String ID = ResidentIdNumber.withCheckChar("36040219800101123");

    private static byte[] body(String data) {
        return ("{\"infno\":\"2304\",\"msgid\":\"m1\",\"fixmedins_code\":\"H360402001\",\"input\":{\"data\":{" + data + "}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRawCertnoBecomesItsPersonRefAndMaskAndTheAmountsKeepTheirDecimals() {
        NationalEnvelope.Rewritten r = NationalEnvelope.rewrite(body("\"psn_cert_type\":\"01\",\"certno\":\"" + ID
                + "\",\"medfee_sumamt\":20800.00,\"inscp_scp_amt\":0.10"), KEY);
        String text = new String(r.body(), StandardCharsets.UTF_8);
        String personRef = ResidentIdNumber.of(ID).personRef(KEY).value();
        assertThat(r.personRef()).isEqualTo(personRef);
        assertThat(text).doesNotContain(ID).contains("\"psn_no\":\"" + personRef + "\"",
                "\"certno\":\"" + ResidentIdNumber.of(ID).mask() + "\"", "\"medfee_sumamt\":20800.00", "\"inscp_scp_amt\":0.10");
    }

    @Test
    void aBodyWithoutCertnoPassesByteForByte() {
        byte[] in = body("\"psn_no\":\"" + "a".repeat(64) + "\",\"medfee_sumamt\":1.50");
        NationalEnvelope.Rewritten r = NationalEnvelope.rewrite(in, KEY);
        assertThat(r.body()).isEqualTo(in);
        assertThat(r.personRef()).isEqualTo("a".repeat(64));
    }

    @Test
    void anInvalidNumberOrAnotherCertificateTypeIsRefusedNamingTheField() {
        String wrong = ID.substring(0, 17) + (ID.charAt(17) == '1' ? '2' : '1');
        assertThatThrownBy(() -> NationalEnvelope.rewrite(body("\"certno\":\"" + wrong + "\""), KEY))
                .isInstanceOf(NationalEnvelope.Refused.class).hasMessageContaining("input.data.certno").hasMessageNotContaining(wrong);
        assertThatThrownBy(() -> NationalEnvelope.rewrite(body("\"psn_cert_type\":\"02\",\"certno\":\"" + ID + "\""), KEY))
                .isInstanceOf(NationalEnvelope.Refused.class).hasMessageContaining("input.data.psn_cert_type");
    }
}

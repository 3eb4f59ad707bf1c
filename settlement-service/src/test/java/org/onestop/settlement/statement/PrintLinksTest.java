package org.onestop.settlement.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The printing link's signature is its only credential: bound to the settlement id and the expiry, short-lived. */
class PrintLinksTest {

    static final byte[] SECRET = "integration-test-secret".getBytes(StandardCharsets.UTF_8);
    static final Instant NOW = Instant.parse("2026-05-20T08:00:00Z");
    static final UUID SETTLEMENT = UUID.fromString("5b0c6a52-8d0e-4a57-9a43-2f0d5e1b7c11");

    static PrintLinks at(Instant now) {
        return new PrintLinks(SECRET, Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aLinkOpensItsSettlementUntilFiveMinutesHavePassed() {
        PrintLinks.Link link = at(NOW).issue(SETTLEMENT);
        assertThat(link.expiresAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(at(NOW.plusSeconds(299)).verify(link.token())).isEqualTo(SETTLEMENT);
        // from the expiry second on it is gone (410), not invalid: the signature still verifies
        assertThatThrownBy(() -> at(NOW.plusSeconds(300)).verify(link.token())).isInstanceOf(PrintLinks.ExpiredLinkException.class);
    }

    @Test
    void aLinkMovedToAnotherSettlementOrExtendedDoesNotVerify() {
        String token = at(NOW).issue(SETTLEMENT).token();
        String signature = token.substring(token.indexOf('.') + 1);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String otherSettlement = b64.encodeToString((UUID.randomUUID() + "." + NOW.plusSeconds(300).getEpochSecond())
                .getBytes(StandardCharsets.US_ASCII)) + "." + signature;
        String extended = b64.encodeToString((SETTLEMENT + "." + NOW.plusSeconds(86_400).getEpochSecond())
                .getBytes(StandardCharsets.US_ASCII)) + "." + signature;
        assertThatThrownBy(() -> at(NOW).verify(otherSettlement)).isInstanceOf(PrintLinks.InvalidLinkException.class);
        assertThatThrownBy(() -> at(NOW).verify(extended)).isInstanceOf(PrintLinks.InvalidLinkException.class);
    }

    @Test
    void anAlteredTruncatedOrForeignKeyedLinkDoesNotVerify() {
        String token = at(NOW).issue(SETTLEMENT).token();
        char last = token.charAt(token.length() - 1);
        String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThatThrownBy(() -> at(NOW).verify(altered)).isInstanceOf(PrintLinks.InvalidLinkException.class);
        assertThatThrownBy(() -> at(NOW).verify(token.substring(0, token.indexOf('.')))).isInstanceOf(PrintLinks.InvalidLinkException.class);
        assertThatThrownBy(() -> at(NOW).verify("not*base64.%%")).isInstanceOf(PrintLinks.InvalidLinkException.class);
        PrintLinks otherDeployment = new PrintLinks("another-secret".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThatThrownBy(() -> otherDeployment.verify(token)).isInstanceOf(PrintLinks.InvalidLinkException.class);
    }
}

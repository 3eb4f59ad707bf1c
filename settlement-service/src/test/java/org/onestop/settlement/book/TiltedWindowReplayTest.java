package org.onestop.settlement.book;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.onestop.policy.Discharge;
import org.onestop.policy.Grant;
import org.onestop.policy.IdentityPeriod;
import org.onestop.policy.Layer;
import org.onestop.policy.LayerWindow;
import org.onestop.policy.Money;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.UpstreamInsurance;

/**
 * Issue 18 as an insurance office meets it, through the service's book: the identification date (the identity period's
 * start) and the application date reach the engine on every replay, and an approval pays tilted assistance only on
 * what lies inside the window. Jiujiang's 2022 income is set to 30,000: tilted line 50 % = 15,000, 50 %, cap 10,000.
 */
class TiltedWindowReplayTest {

    static final PolicyCatalog CATALOG = PolicyCatalog.loadDefault(Map.of(
            "jiujiang-2022.assumptions.income.2022", "30000.00 | test figure"));

    final Map<UUID, EnumMap<Layer, Money>> paid = new HashMap<>();
    long seq;

    @Test
    @DisplayName("jiujiang-2022 三(三)2(5) an August approval for a 低保 person identified 2023-06-01 pays only on stays from 2023-03-01")
    void approvalPaysTiltedAssistanceOnlyInsideTheWindow() {
        PersonBook book = PersonBook.empty(CATALOG, "a".repeat(64));
        UUID feb = UUID.randomUUID();
        UUID apr = UUID.randomUUID();
        UUID jul = UUID.randomUUID();
        UUID sep = UUID.randomUUID();
        // February and mid-April stays, settled before anyone knew of an identity: insurance only
        book = record(book.settle(feb, ++seq, stay("2023-02-15", "20000"), null, null, Instant.EPOCH));
        book = record(book.settle(apr, ++seq, stay("2023-04-14", "12000"), null, null, Instant.EPOCH));
        // 低保 identified 2023-06-01: the April stay is inside the look-back but tilted assistance needs an application
        List<IdentityPeriod> dibao = List.of(IdentityPeriod.open("DIBAO", LocalDate.parse("2023-06-01")));
        book = record(book.withContext(dibao, List.of()).reconcile("IDENTITY_CHANGED", null, Instant.EPOCH));
        // July, class 2: 40,000 × 75 % = 30,000; no application yet, so no tilted assistance
        book = record(book.settle(jul, ++seq, stay("2023-07-10", "40000"), null, null, Instant.EPOCH));
        assertThat(paid(jul, Layer.ASSISTANCE)).isEqualTo(Money.of("30000"));
        assertThat(paid(jul, Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);

        // approval of the 2023-08-10 application: the replay counts April (12,000, below 15,000 → 0) and July's remaining
        // 10,000: base 12,000 → 22,000, (22,000 − 15,000) × 50 % = 3,500; February (outside) gets nothing and adds nothing
        PersonBook.Outcome approved = book.withContext(dibao,
                List.of(new RegionGrant("360400", new Grant("g1", "TILTED", LocalDate.parse("2023-08-10")))))
                .reconcile("GRANT_APPROVED", null, Instant.EPOCH);
        assertThat(approved.adjustments()).containsOnlyKeys(jul);
        book = record(approved);
        assertThat(paid(feb, Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(paid(apr, Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.ZERO);
        assertThat(paid(jul, Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.of("3500"));
        assertThat(approved.replay().settlements().get(jul).layer(Layer.SECONDARY_ASSISTANCE).orElseThrow().window())
                .isEqualTo(new LayerWindow(LocalDate.parse("2023-03-01"), LocalDate.parse("2023-12-31"),
                        "jiujiang-2022 三(三)2(5) 可追溯到身份认定前3个月内"));

        // September: assistance 75 % = 30,000, cap 50,000 − 30,000 = 20,000; remaining 20,000; base 22,000 → 42,000:
        // 10,000 by the band, cap 10,000 − 3,500 = 6,500
        book = record(book.settle(sep, ++seq, stay("2023-09-01", "40000"), null, null, Instant.EPOCH));
        assertThat(paid(sep, Layer.ASSISTANCE)).isEqualTo(Money.of("20000"));
        assertThat(paid(sep, Layer.SECONDARY_ASSISTANCE)).isEqualTo(Money.of("6500"));
        assertThat(book.replay().ledger().get("2023", "secondary.paid")).isEqualTo(Money.of("10000"));
    }

    private PersonBook record(PersonBook.Outcome outcome) {
        for (Payment p : outcome.payments()) {
            paid.computeIfAbsent(p.settlementId(), k -> new EnumMap<>(Layer.class)).merge(p.layer(), p.amount(), Money::plus);
        }
        return outcome.book();
    }

    private Money paid(UUID id, Layer layer) {
        return paid.getOrDefault(id, new EnumMap<>(Layer.class)).getOrDefault(layer, Money.ZERO);
    }

    /** A Jiujiang inpatient stay settled upstream, so its policy-scope burden after insurance is exactly {@code burden}. */
    private static Discharge stay(String date, String burden) {
        Money basic = Money.of("10000.00");
        return Discharge.builder("360402", LocalDate.parse(date))
                .cost(Money.of(burden).plus(basic).toString(), "0", "0")
                .upstream(new UpstreamInsurance(basic, Money.ZERO, Money.ZERO))
                .build();
    }
}

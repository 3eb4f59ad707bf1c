package org.onestop.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.onestop.policy.Discharges.YANTAI;
import static org.onestop.policy.Discharges.withBurden;
import static org.onestop.policy.Person.yuan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Yantai 二(一) "因病致贫重病患者名单由民政部门提供" and 三(七) "经民政部门认定符合因病致贫重病患者医疗救助待遇条件的…":
 * the ILLNESS_POOR period civil affairs pushes is the determination. It counts as the grant with its start date as the
 * application date: window from the 1st of the month 12 months before that month to 31 December of its year (可追溯至
 * 申请之月前12个月，一次身份认定享受一个自然年度); above 10,000 at 60 %, cap 30,000 over the window (三(七)).
 * {@link Discharges#withBurden} makes the burden after insurance exactly the amount named.
 */
class IllnessPoorDeterminationTest {

    static final PolicyCatalog CATALOG = PolicyCatalog.loadDefault();

    static final String WINDOW_CLAUSE =
            "yantai-2023 三(七) 政策范围内个人负担费用可追溯至申请之月前12个月，一次身份认定享受一个自然年度的救助待遇和救助限额";

    Person person() {
        return Person.under(CATALOG);
    }

    @Test
    @DisplayName("yantai-2023 三(七) an ILLNESS_POOR identity pushed by civil affairs selects the category: above 10,000 at 60 %")
    void pushedIdentityIsTheDetermination() {
        // determined 2023-03-15 → window 2022-03-01 – 2023-12-31; burden 15,000: (15,000 − 10,000) × 60 % = 3,000
        Settlement s = person().holds("ILLNESS_POOR", "2023-03-15").settle(withBurden(YANTAI, "2023-05-10", "15000").build());
        assertThat(s.category()).isEqualTo("illnessPoor");
        assertThat(s.identityTypes()).containsExactly("ILLNESS_POOR");
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("3000"));
        assertThat(s.patientPays()).isEqualTo(yuan("12000"));
        LayerPayment a = s.layer(Layer.ASSISTANCE).orElseThrow();
        assertThat(a.excludedBy()).isNull();
        assertThat(a.window()).isEqualTo(new LayerWindow(LocalDate.parse("2022-03-01"), LocalDate.parse("2023-12-31"), WINDOW_CLAUSE));
        assertThat(a.capRemaining()).isEqualTo(yuan("27000"));
    }

    @Test
    @DisplayName("yantai-2023 三(七) the determination reaches back 12 months before its month, under the version that determined it")
    void determinationLooksBackTwelveMonthsBeforeItsMonth() {
        Person p = person().holds("ILLNESS_POOR", "2023-03-15");
        // 2022-02-28: a day before the window; no 2022 version exists and nothing reaches back → not settled at all
        assertThatThrownBy(() -> p.settle(withBurden(YANTAI, "2022-02-28", "8000").build()))
                .isInstanceOf(PolicyNotInForceException.class);
        // 2022-06-01, inside the look-back: base 0 → 8,000, below 10,000 → 0, but counted
        Settlement june = p.settle(withBurden(YANTAI, "2022-06-01", "8000").build());
        assertThat(june.policyVersion()).isEqualTo("yantai-2023");
        assertThat(june.category()).isEqualTo("illnessPoor");
        assertThat(june.paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
        // 2023-05-10: base 8,000 → 13,000: (13,000 − 10,000) × 60 % = 1,800
        Settlement may = p.settle(withBurden(YANTAI, "2023-05-10", "5000").build());
        assertThat(may.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("1800"));
        assertThat(may.layer(Layer.ASSISTANCE).orElseThrow().cumulativeBefore()).isEqualTo(yuan("8000"));
    }

    @Test
    @DisplayName("yantai-2023 三(七) one determination, one natural year: an exit does not cut it, the next year needs a new one")
    void oneDeterminationServesItsNaturalYear() {
        // determined 2023-03-15, exit 2023-06-10 (benefits of identities stop 2023-07-01 under 二(二)), yet 一次身份认定享受
        // 一个自然年度的救助待遇: 2023-09-01 burden 12,000: (12,000 − 10,000) × 60 % = 1,200
        Settlement sep = person().holds("ILLNESS_POOR", "2023-03-15", "2023-06-10").settle(withBurden(YANTAI, "2023-09-01", "12000").build());
        assertThat(sep.category()).isEqualTo("illnessPoor");
        assertThat(sep.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("1200"));
        assertThat(sep.identitiesHeld()).isEmpty();

        // still on the list in 2024 without a new determination: nothing, and the answer says why
        Settlement next = person().holds("ILLNESS_POOR", "2023-03-15").settle(withBurden(YANTAI, "2024-02-01", "12000").build());
        assertThat(next.category()).isNull();
        assertThat(next.identitiesHeld()).containsExactly("ILLNESS_POOR");
        LayerPayment a = next.layer(Layer.ASSISTANCE).orElseThrow();
        assertThat(a.amount()).isEqualTo(Money.ZERO);
        assertThat(a.excludedBy()).contains("一次身份认定享受一个自然年度").contains("2022-03-01 至 2023-12-31");
        assertThat(a.clause()).isEqualTo(WINDOW_CLAUSE);
    }

    @Test
    @DisplayName("yantai-2023 三(七) 一个年度内不得重复申请: an office registration in the same year stands, the pushed period adds none")
    void officeRegistrationInTheSameYearIsTheOnlyGrant() {
        // office application 2023-06-15 → window 2022-06-01 – 2023-12-31; pushed period 2023-03-15 is not a second grant
        Person p = person().holds("ILLNESS_POOR", "2023-03-15").granted("ILLNESS_POOR", "2023-06-15");
        Settlement s = p.settle(withBurden(YANTAI, "2023-05-10", "15000").build());
        assertThat(s.identityTypes()).containsExactly("grant:ILLNESS_POOR:ILLNESS_POOR-1");
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("3000"));
        assertThat(p.ledger().scope("grant:ILLNESS_POOR@2023-03-15")).isEmpty();
    }

    @Test
    @DisplayName("a region honouring ILLNESS_POOR only on application says so in excludedBy (yantai-2023 without 二(一) pushed lists)")
    void applicationOnlyRegionNamesTheHeldIdentityInExcludedBy() throws IOException {
        String text;
        try (InputStream in = PolicyCatalog.class.getClassLoader().getResourceAsStream("policies/yantai-2023.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String applicationOnly = text.replaceAll("(?s)\n    determinedByIdentity:\n      identityType: ILLNESS_POOR\n      cite: [^\n]*", "");
        assertThat(applicationOnly).isNotEqualTo(text);
        PolicyCatalog catalog = PolicyCatalog.of(List.of(PolicyLoader.load("yantai-2023.yaml",
                new ByteArrayInputStream(applicationOnly.getBytes(StandardCharsets.UTF_8)), Map.of())));
        Settlement s = Person.under(catalog).holds("ILLNESS_POOR", "2023-03-15").settle(withBurden(YANTAI, "2023-05-10", "15000").build());
        assertThat(s.category()).isNull();
        LayerPayment a = s.layer(Layer.ASSISTANCE).orElseThrow();
        assertThat(a.amount()).isEqualTo(Money.ZERO);
        assertThat(a.excludedBy()).contains("ILLNESS_POOR").contains("依申请");
        assertThat(a.clause()).startsWith("yantai-2023 三(七)");
    }

    @Test
    @DisplayName("yantai-2023 二(一) 就高不重复: every identity held on the date is listed beside the one that won")
    void everyIdentityHeldIsListedBesideTheWinner() {
        // 低保 (三(六)1, 80 %) outranks 低保边缘 (三(六)2): 10,000 × 80 % = 8,000
        Settlement s = person().holds("DIBAO_MARGINAL", "2022-12-01").holds("DIBAO", "2022-12-01").holds("TEKUN", "2023-06-01")
                .settle(withBurden(YANTAI, "2023-05-10", "10000").build());
        assertThat(s.identitiesHeld()).containsExactly("DIBAO_MARGINAL", "DIBAO");
        assertThat(s.identityTypes()).containsExactly("DIBAO");
        assertThat(s.category()).isEqualTo("dibao");
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("8000"));
    }
}

package org.onestop.enrollment.subsidy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onestop.enrollment.subsidy.Identities.period;
import static org.onestop.events.IdentityType.DIBAO;
import static org.onestop.events.IdentityType.DIBAO_MARGINAL;
import static org.onestop.events.IdentityType.REGISTERED_POOR;
import static org.onestop.events.IdentityType.TEKUN;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.onestop.enrollment.subsidy.YearDecision.Status;
import org.onestop.policy.EnrollmentRules.SubsidyKind;
import org.onestop.policy.Money;
import org.onestop.policy.PolicyCatalog;

/**
 * The decision per region with amounts computed by hand from the contributions and subsidies declared in the policy
 * files (policy/src/main/resources/policies/*.yaml, `enrollment:`); every case names its clause.
 */
class SubsidyDeciderTest {

    private static final SubsidyDecider decider = new SubsidyDecider(PolicyCatalog.loadDefault());

    private static YearDecision decide(int year, List<Period> periods, Contribution paid) {
        return decider.decide(year, periods, paid).orElseThrow();
    }

    private static Money yuan(String s) {
        return Money.of(s);
    }

    @Test
    void jiujiangDibaoIdentifiedInTheCollectionPeriodGetsTheFixedAmountForTheNextYear() {
        // jiujiang-2022 二(一)1 低保 定额资助: 280.00 (assumed provincial figure) of the 2027 contribution 400.00 (assumed);
        // 二(二) identified in the collection period 2026-09-01..12-31 → subsidized for 2027 from 1 January.
        YearDecision d = decide(2027, List.of(period("360402", DIBAO, "2026-10-10")), null);

        assertThat(d.status()).isEqualTo(Status.SUBSIDIZED);
        assertThat(d.reason()).isEqualTo("COLLECTION_PERIOD");
        assertThat(d.kind()).isEqualTo(SubsidyKind.FIXED);
        assertThat(d.contribution()).isEqualTo(yuan("400.00"));
        assertThat(d.amount()).isEqualTo(yuan("280.00"));
        assertThat(d.refund()).isEqualTo(Money.ZERO);
        assertThat(d.benefitFrom()).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(d.regionCode()).isEqualTo("360402");
        assertThat(d.policyRegion()).isEqualTo("360400");
        assertThat(d.provinceAmount()).isNull();
        assertThat(d.clause()).contains("jiujiang-2022 二(一)1");
    }

    @Test
    void severalIdentitiesGiveTheHighestSubsidyNeverTheSum() {
        // jiujiang-2022 二(一)1: 特困 full 400.00 vs 低保 fixed 280.00 → 400.00, not 680.00 (就高不重复).
        YearDecision d = decide(2027, List.of(period("360402", DIBAO, "2026-10-10"), period("360403", TEKUN, "2026-11-01")), null);

        assertThat(d.amount()).isEqualTo(yuan("400.00"));
        assertThat(d.identityType()).isEqualTo(TEKUN);
        assertThat(d.kind()).isEqualTo(SubsidyKind.FULL);
        assertThat(d.regionCode()).as("paid by the region that determined the winning identity, 二(三)").isEqualTo("360403");
    }

    @Test
    void aContributionPaidBeforeIdentificationInTheCollectionPeriodHasTheSubsidizedPartRefunded() {
        // jiujiang-2022 二(二) 个人已缴费的按规定将应资助部分退回个人: paid 400.00, subsidy 280.00 → refund 400 + 280 − 400 = 280.00.
        YearDecision full = decide(2027, List.of(period("360402", DIBAO, "2026-10-10")),
                new Contribution(2027, yuan("400.00"), LocalDate.of(2026, 9, 15)));
        assertThat(full.refund()).isEqualTo(yuan("280.00"));

        // Paid only the own share 120.00 → refund 120 + 280 − 400 = 0.00.
        YearDecision ownShare = decide(2027, List.of(period("360402", DIBAO, "2026-10-10")),
                new Contribution(2027, yuan("120.00"), LocalDate.of(2026, 9, 15)));
        assertThat(ownShare.refund()).isEqualTo(Money.ZERO);
    }

    @Test
    void jiujiangIdentifiedAfterTheCollectionPeriodAndNotInsuredIsEnrolledWithBenefitsFromTheNextDay() {
        // jiujiang-2022 二(二) 如未参保的按规定享受资助参保待遇; 二(四) 从参保缴费次日起: recorded 2026-03-12 → 2026-03-13.
        YearDecision d = decide(2026, List.of(period("360402", DIBAO, "2026-03-10", null, "2026-03-12")), null);

        assertThat(d.reason()).isEqualTo("AFTER_COLLECTION_NOT_INSURED");
        assertThat(d.amount()).isEqualTo(yuan("280.00"));
        assertThat(d.benefitFrom()).isEqualTo(LocalDate.of(2026, 3, 13));
        assertThat(d.clause()).contains("二(二),(四)");
    }

    @Test
    void identifiedAfterTheCollectionPeriodButAlreadyInsuredGetsNoSubsidyAndNoRefund() {
        // jiujiang-2022 二(二) 已参保且进入待遇享受期的按规定不再办理退费手续.
        YearDecision d = decide(2026, List.of(period("360402", DIBAO, "2026-03-10")),
                new Contribution(2026, yuan("400.00"), LocalDate.of(2025, 11, 20)));

        assertThat(d.status()).isEqualTo(Status.NOT_SUBSIDIZED);
        assertThat(d.reason()).isEqualTo("ALREADY_INSURED");
    }

    @Test
    void liaoningDibaoMarginalGetsSixtyPercentOfTheContribution() {
        // liaoning-2023 (二) 对低保边缘家庭成员按其个人缴费的60%给予定额资助: 2024 contribution 380.00 (assumed) × 60 % = 228.00.
        YearDecision d = decide(2024, List.of(period("210102", DIBAO_MARGINAL, "2023-10-01")), null);

        assertThat(d.kind()).isEqualTo(SubsidyKind.SHARE);
        assertThat(d.contribution()).isEqualTo(yuan("380.00"));
        assertThat(d.amount()).isEqualTo(yuan("228.00"));
        assertThat(d.policyRegion()).isEqualTo("210000");
    }

    @Test
    void shanxiRegisteredPoorIsFullyFundedSeventyPercentByTheProvinceThirtyByTheCounty() {
        // shanxi-2019 五 建档立卡 全额 400.00 (2027, assumed); 省级财政70%: 400 × 0.70 = 280.00, 县级 400 − 280 = 120.00.
        YearDecision d = decide(2027, List.of(period("140105", REGISTERED_POOR, "2026-09-20")), null);

        assertThat(d.amount()).isEqualTo(yuan("400.00"));
        assertThat(d.provinceAmount()).isEqualTo(yuan("280.00"));
        assertThat(d.countyAmount()).isEqualTo(yuan("120.00"));
    }

    @Test
    void shanxiBenefitsStartOnTheCertificateDateAndAnInsuredPersonGetsNothingBack() {
        // shanxi-2019 十 未参加…给予全额救助, 从出具动态调整证明之日起: 低保 full (assumed: full) 400.00 from 2026-05-20.
        YearDecision d = decide(2026, List.of(period("140105", DIBAO, "2026-05-20", null, "2026-05-25")), null);
        assertThat(d.amount()).isEqualTo(yuan("400.00"));
        assertThat(d.benefitFrom()).isEqualTo(LocalDate.of(2026, 5, 20));

        // 十 已参加…参保个人缴费资金不退还.
        YearDecision insured = decide(2026, List.of(period("140105", DIBAO, "2026-05-20")),
                new Contribution(2026, yuan("400.00"), LocalDate.of(2025, 12, 1)));
        assertThat(insured.reason()).isEqualTo("ALREADY_INSURED");
    }

    @Test
    void yantaiStartsTheNextMonthAndStopsTheMonthAfterTheExit() {
        // yantai-2023 二(二) 全额资助 400.00 (2026); 自纳入的次月起: identified 2026-05-20 → 2026-06-01;
        // 退出的次月起停止: last day 2026-08-10 → stops 2026-09-01, so subsidized until 2026-08-31.
        YearDecision d = decide(2026, List.of(period("370602", DIBAO_MARGINAL, "2026-05-20", "2026-08-10", "2026-05-20")), null);

        assertThat(d.amount()).isEqualTo(yuan("400.00"));
        assertThat(d.benefitFrom()).isEqualTo(LocalDate.of(2026, 6, 1));
        assertThat(d.subsidizedUntil()).isEqualTo(LocalDate.of(2026, 8, 31));
    }

    @Test
    void bayingolinDibaoGetsTheAssumedFixedAmount() {
        // bayingolin enrollment (assumed, national rule 国办发〔2021〕42号): 低保 fixed 300.00 of 400.00 (2027).
        YearDecision d = decide(2027, List.of(period("652801", DIBAO, "2026-11-02")), null);

        assertThat(d.amount()).isEqualTo(yuan("300.00"));
        assertThat(d.kind()).isEqualTo(SubsidyKind.FIXED);
    }

    @Test
    void anExitBeforeTheYearBeginsMeansNoSubsidyForIt() {
        // shanxi-2019 十 自退出之日起不再享受: last day 2026-12-15 < 2027-01-01.
        YearDecision d = decide(2027, List.of(period("360402", DIBAO, "2026-10-01", "2026-12-15", "2026-10-01")), null);

        assertThat(d.status()).isEqualTo(Status.NOT_SUBSIDIZED);
        assertThat(d.reason()).isEqualTo("EXIT_BEFORE_YEAR");
    }

    @Test
    void aYearWithoutADeclaredContributionIsHeldNotGuessed() {
        YearDecision d = decide(2028, List.of(period("360402", DIBAO, "2027-10-01")), null);

        assertThat(d.status()).isEqualTo(Status.HELD);
        assertThat(d.reason()).isEqualTo("NO_CONTRIBUTION_DECLARED");
    }

    @Test
    void anIdentityThatEarnsNoEnrollmentSubsidyConcernsNoYear() {
        // Jiujiang lists no enrollment subsidy for 因病致贫 (二(一)1).
        assertThat(decider.decide(2027, List.of(period("360402", org.onestop.events.IdentityType.ILLNESS_POOR, "2026-10-01")), null))
                .isEmpty();
    }

    @Test
    void theNextYearOpensOnlyWhileItsCollectionPeriodRuns() {
        List<Period> periods = List.of(period("360402", DIBAO, "2026-01-01"));
        assertThat(decider.openYears(LocalDate.of(2026, 11, 25), periods)).containsExactly(2026, 2027);
        assertThat(decider.openYears(LocalDate.of(2026, 8, 31), periods)).containsExactly(2026);
    }
}

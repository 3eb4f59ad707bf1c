package org.onestop.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RebuildAttemptTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    private static final String ID = "11010519491231002X";

    @Test
    void theEarlierShapeBesideABirthDateRebuildsTheNumberExactly() {
        // 110105********002X hides only yyyyMMdd; 1949-12-31 beside it fills all 8: one number, the original.
        RebuildAttempt attempt = RebuildAttempt.of("110105********002X").withBirthDate(LocalDate.of(1949, 12, 31))
                .asOf(TODAY);
        assertThat(attempt.candidates()).isEqualTo(1);
        assertThat(attempt.rebuilds()).isTrue();
        assertThat(attempt.enumerate(10)).containsExactly(ID);
    }

    @Test
    void theEarlierShapeAloneLeavesOnlyTheBirthDatesThatFitTheCheckCharacter() {
        // Hidden: a birth date in 1880-01-01..2026-11-25 (53,655 days); the visible X keeps ~1 in 11: < 10,000.
        RebuildAttempt attempt = RebuildAttempt.of("110105********002X").asOf(TODAY);
        assertThat(attempt.candidates()).isBetween(53_655L / 11 - 200, 53_655L / 11 + 200);
        assertThat(attempt.rebuilds()).isTrue();
    }

    @Test
    void theMaskBesideABirthYearLeavesAboutThirtyThreeThousand() {
        // Hidden: month-day (365 days of 1949) × sequence (1,000); the check character keeps ~1 in 11 → ~33,182.
        RebuildAttempt attempt = RebuildAttempt.of("110105***********X").withBirthYear(1949).asOf(TODAY);
        assertThat(attempt.candidates()).isBetween(365_000L / 11 - 500, 365_000L / 11 + 500);
        assertThat(attempt.rebuilds()).isFalse();
        assertThat(attempt.enumerate(100)).isEmpty();
    }

    @Test
    void theMaskAloneLeavesMillions() {
        // 53,655 days × 1,000 sequences / 11 ≈ 4.88 million.
        RebuildAttempt attempt = RebuildAttempt.of("110105***********X").asOf(TODAY);
        assertThat(attempt.candidates()).isBetween(53_655_000L / 11 - 20_000, 53_655_000L / 11 + 20_000);
        assertThat(attempt.rebuilds()).isFalse();
    }

    @Test
    void theMaskBesideAFullBirthDateStillRebuilds() {
        // The rule is "no full birth date beside any mask": with the date, only the sequence is left (1,000 / 11 ≈ 91).
        RebuildAttempt attempt = RebuildAttempt.of("110105***********X").withBirthDate(LocalDate.of(1949, 12, 31))
                .asOf(TODAY);
        assertThat(attempt.candidates()).isBetween(85L, 97L);
        assertThat(attempt.enumerate(100)).contains(ID);
        assertThat(attempt.rebuilds()).isTrue();
    }

    @Test
    void aRawNumberIsItsOwnOnlyCandidate() {
        assertThat(RebuildAttempt.of(ID).asOf(TODAY).enumerate(5)).containsExactly(ID);
    }
}

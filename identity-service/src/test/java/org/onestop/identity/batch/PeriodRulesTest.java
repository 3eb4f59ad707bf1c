package org.onestop.identity.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityType;

class PeriodRulesTest {

    static final String PERSON = "a".repeat(64);

    static ValidRow row(ChangeKind change, String start, String end) {
        return new ValidRow(null, null, PERSON, null, IdentityType.DIBAO, change, "140105", LocalDate.parse(start),
                end == null ? null : LocalDate.parse(end));
    }

    static PeriodState openSince(String from) {
        return new PeriodState(UUID.randomUUID(), PERSON, IdentityType.DIBAO, "140105", LocalDate.parse(from), null, null);
    }

    @Test
    void anExitEndsTheOpenPeriodTheDayBeforeItsDate() {
        PeriodState open = openSince("2024-01-01");
        PeriodRules.Decision d = new PeriodRules(List.of(open), UUID::randomUUID).decide(row(ChangeKind.EXIT, "2024-06-01", null));
        assertThat(d).isInstanceOfSatisfying(PeriodRules.Accept.class, a -> {
            assertThat(a.periodId()).isEqualTo(open.periodId());
            assertThat(a.validTo()).isEqualTo(LocalDate.of(2024, 5, 31));
        });
    }

    @Test
    void anExitBeforeThePeriodStartsIsRejected() {
        PeriodRules rules = new PeriodRules(List.of(openSince("2024-01-01")), UUID::randomUUID);
        assertThat(rules.decide(row(ChangeKind.EXIT, "2023-12-01", null)))
                .isInstanceOfSatisfying(PeriodRules.Reject.class, r -> assertThat(r.reason()).isEqualTo(RowReason.EXIT_BEFORE_START));
    }

    @Test
    void anExitWithoutAnOpenPeriodIsRejected() {
        assertThat(new PeriodRules(List.of(), UUID::randomUUID).decide(row(ChangeKind.DECREASE, "2024-06-01", null)))
                .isInstanceOfSatisfying(PeriodRules.Reject.class, r -> assertThat(r.reason()).isEqualTo(RowReason.NO_OPEN_PERIOD));
    }

    @Test
    void aRepeatedRowIsADuplicateAndADifferentOneAContradiction() {
        PeriodRules rules = new PeriodRules(List.of(), UUID::randomUUID);
        assertThat(rules.decide(row(ChangeKind.NEW, "2024-01-01", null))).isInstanceOf(PeriodRules.Accept.class);
        assertThat(rules.decide(row(ChangeKind.NEW, "2024-01-01", null)))
                .isInstanceOfSatisfying(PeriodRules.Reject.class, r -> assertThat(r.reason()).isEqualTo(RowReason.DUPLICATE_IN_BATCH));
        assertThat(rules.decide(row(ChangeKind.NEW, "2024-02-01", null)))
                .isInstanceOfSatisfying(PeriodRules.Reject.class, r -> assertThat(r.reason()).isEqualTo(RowReason.CONTRADICTION_IN_BATCH));
    }

    @Test
    void aGrantOverlappingAnEarlierBatchsPeriodIsRejected() {
        PeriodRules rules = new PeriodRules(List.of(openSince("2024-01-01")), UUID::randomUUID);
        assertThat(rules.decide(row(ChangeKind.NEW, "2024-03-01", null)))
                .isInstanceOfSatisfying(PeriodRules.Reject.class, r -> assertThat(r.reason()).isEqualTo(RowReason.PERIOD_OVERLAP));
    }

    @Test
    void aCorrectionReplacesTheOpenPeriodWithANewOne() {
        PeriodState open = openSince("2024-01-01");
        PeriodRules.Decision d = new PeriodRules(List.of(open), UUID::randomUUID)
                .decide(row(ChangeKind.CORRECTION, "2024-02-01", null));
        assertThat(d).isInstanceOfSatisfying(PeriodRules.Accept.class, a -> {
            assertThat(a.superseded()).isEqualTo(open.periodId());
            assertThat(a.periodId()).isNotEqualTo(open.periodId());
            assertThat(a.validFrom()).isEqualTo(LocalDate.of(2024, 2, 1));
        });
    }
}

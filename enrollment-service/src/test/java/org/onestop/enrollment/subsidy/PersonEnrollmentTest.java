package org.onestop.enrollment.subsidy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onestop.enrollment.subsidy.Identities.PERSON;
import static org.onestop.enrollment.subsidy.Identities.at;
import static org.onestop.enrollment.subsidy.Identities.event;
import static org.onestop.events.ChangeKind.CORRECTION;
import static org.onestop.events.ChangeKind.EXIT;
import static org.onestop.events.ChangeKind.NEW;
import static org.onestop.events.IdentityType.DIBAO;
import static org.onestop.events.IdentityType.TEKUN;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.onestop.events.EnrollmentSubsidyChanged.Change;
import org.onestop.events.IdentityChanged;
import org.onestop.policy.Money;
import org.onestop.policy.PolicyCatalog;

/** The person's file: events applied in any order end in the state the facts imply, announcing each change once. */
class PersonEnrollmentTest {

    private static final SubsidyDecider decider = new SubsidyDecider(PolicyCatalog.loadDefault());

    private static List<SubsidyChange> reconcile(PersonEnrollment file, String day) {
        return file.reconcile(decider, at(day), null, UUID::randomUUID);
    }

    @Test
    void aGrantIsAnnouncedOnceAndAReplayAnnouncesNothing() {
        PersonEnrollment file = PersonEnrollment.empty(PERSON);
        UUID period = UUID.randomUUID();
        file.apply(event(PERSON, "360402", DIBAO, NEW, period, "2026-10-10", null, null, "2026-10-12"));

        List<SubsidyChange> first = reconcile(file, "2026-10-12");
        // 2026: identified after its collection period, not insured → enrolled; 2027: in its collection period.
        assertThat(first).extracting(SubsidyChange::change).containsExactly(Change.GRANTED, Change.GRANTED);
        assertThat(first).extracting(c -> c.decision().year()).containsExactly(2026, 2027);
        assertThat(reconcile(file, "2026-10-12")).isEmpty();
    }

    @Test
    void anExitThatArrivesBeforeItsGrantIsHeldAndDecidesNothingUntilTheGrantArrives() {
        PersonEnrollment file = PersonEnrollment.empty(PERSON);
        UUID period = UUID.randomUUID();
        IdentityChanged exit = event(PERSON, "360402", DIBAO, EXIT, period, "2026-10-10", "2026-12-15", null, "2026-10-20");
        IdentityChanged grant = event(PERSON, "360402", DIBAO, NEW, period, "2026-10-10", null, null, "2026-10-12");

        assertThat(file.apply(exit)).isEqualTo(PersonEnrollment.Applied.HELD);
        assertThat(reconcile(file, "2026-10-20")).isEmpty();

        file.apply(grant);
        List<SubsidyChange> changes = reconcile(file, "2026-10-20");
        // The identity ends 2026-12-15: a 2026 enrollment ending then, and nothing for 2027 — never a grant then a withdrawal.
        assertThat(changes).extracting(SubsidyChange::change).containsExactly(Change.GRANTED);
        assertThat(changes.get(0).decision().year()).isEqualTo(2026);
        assertThat(changes.get(0).decision().subsidizedUntil()).isEqualTo(LocalDate.of(2026, 12, 15));
        assertThat(file.years().get(2027).reason()).isEqualTo("EXIT_BEFORE_YEAR");
    }

    @Test
    void aCorrectionReversesWhatTheReplacedPeriodCaused() {
        PersonEnrollment file = PersonEnrollment.empty(PERSON);
        UUID wrong = UUID.randomUUID();
        file.apply(event(PERSON, "360402", TEKUN, NEW, wrong, "2026-10-10", null, null, "2026-11-01"));
        assertThat(reconcile(file, "2026-11-01")).extracting(c -> c.decision().amount())
                .containsOnly(Money.of("400.00"));

        // The department meant 低保: the 特困 period never existed; 400.00 withdrawn, 280.00 granted, per year.
        file.apply(event(PERSON, "360402", DIBAO, CORRECTION, UUID.randomUUID(), "2026-10-10", null, wrong, "2026-11-02"));
        List<SubsidyChange> changes = reconcile(file, "2026-11-02");

        assertThat(changes).extracting(SubsidyChange::change)
                .containsExactly(Change.WITHDRAWN, Change.GRANTED, Change.WITHDRAWN, Change.GRANTED);
        assertThat(changes).extracting(SubsidyChange::amount).containsExactly(Money.of("400.00"), Money.of("280.00"),
                Money.of("400.00"), Money.of("280.00"));
    }

    @Test
    void aRevokedIdentityWithdrawsTheGrantAndCancelsItsRefund() {
        PersonEnrollment file = PersonEnrollment.empty(PERSON);
        file.recordContribution(new Contribution(2027, Money.of("400.00"), LocalDate.of(2026, 9, 10)), LocalDate.of(2026, 9, 10));
        UUID period = UUID.randomUUID();
        file.apply(event(PERSON, "360402", DIBAO, NEW, period, "2026-10-10", null, null, "2026-10-12"));
        List<SubsidyChange> granted = reconcile(file, "2026-10-12");
        assertThat(granted).filteredOn(c -> c.change() == Change.REFUND_DUE).extracting(SubsidyChange::amount)
                .containsExactly(Money.of("280.00"));

        // A correction to a period that ended before it began: the identity is revoked.
        file.apply(event(PERSON, "360402", DIBAO, CORRECTION, UUID.randomUUID(), "2026-10-10", "2026-10-09", period, "2026-10-13"));
        List<SubsidyChange> withdrawn = reconcile(file, "2026-10-13");

        assertThat(withdrawn).extracting(SubsidyChange::change).containsOnly(Change.WITHDRAWN);
        SubsidyChange y2027 = withdrawn.stream().filter(c -> c.decision().year() == 2027).findFirst().orElseThrow();
        assertThat(y2027.amount()).isEqualTo(Money.of("280.00"));
        assertThat(y2027.refund()).as("the refund announced with the grant is cancelled").isEqualTo(Money.of("280.00"));
    }

    @Test
    void aCorrectionThatOvertakesThePeriodItReplacesKeepsThatPeriodFromEverCounting() {
        PersonEnrollment file = PersonEnrollment.empty(PERSON);
        UUID old = UUID.randomUUID();
        file.apply(event(PERSON, "360402", DIBAO, CORRECTION, UUID.randomUUID(), "2026-10-10", null, old, "2026-11-02"));
        file.apply(event(PERSON, "360402", TEKUN, NEW, old, "2026-10-10", null, null, "2026-11-01"));

        assertThat(reconcile(file, "2026-11-02")).extracting(c -> c.decision().identityType()).containsOnly(DIBAO);
    }
}

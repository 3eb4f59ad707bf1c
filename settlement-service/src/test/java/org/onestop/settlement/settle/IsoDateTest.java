package org.onestop.settlement.settle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The fast path of {@link DischargeRequests#isoDate} accepts and refuses exactly what {@link LocalDate#parse} does. */
class IsoDateTest {

    @Test
    void readsThePlainForm() {
        assertThat(DischargeRequests.isoDate("2026-03-09")).isEqualTo(LocalDate.of(2026, 3, 9));
        assertThat(DischargeRequests.isoDate("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29)); // leap year
    }

    @Test
    void refusesDaysTheMonthDoesNotHaveLikeTheFormatter() {
        assertThatThrownBy(() -> DischargeRequests.isoDate("2026-02-29")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> DischargeRequests.isoDate("2026-13-01")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> DischargeRequests.isoDate("2026-00-10")).isInstanceOf(DateTimeException.class);
    }

    @Test
    void leavesEveryOtherShapeToTheFormatter() {
        assertThat(DischargeRequests.isoDate("+12026-03-09")).isEqualTo(LocalDate.of(12026, 3, 9));
        assertThatThrownBy(() -> DischargeRequests.isoDate("2026/03/09")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> DischargeRequests.isoDate("2026-3-09x")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> DischargeRequests.isoDate("20260309")).isInstanceOf(DateTimeException.class);
    }
}

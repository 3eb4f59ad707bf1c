package org.onestop.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.onestop.events.RebuildAttempt;
import org.onestop.events.ResidentIdNumber;

class PiiMaskTest {

    @Test
    void masksAnIdNumberInAPathToTheSuitesOneMaskShape() {
        String id = "11010519491231002X";
        String masked = PiiMask.mask("/api/v1/persons/" + id + "/x\r\n");
        assertThat(masked).isEqualTo("/api/v1/persons/110105***********X/x??");
        assertThat(masked).contains(ResidentIdNumber.of(id, LocalDate.of(2026, 11, 25)).mask());
        // what a log line leaves: millions of candidates, not the ~4,900 of first 6 + last 4
        assertThat(RebuildAttempt.of("110105***********X").asOf(LocalDate.of(2026, 11, 25)).rebuilds()).isFalse();
    }
}

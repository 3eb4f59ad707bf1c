package org.onestop.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PortOffsetsTest {

    @Test
    void anOffsetIsChosenOnlyWhereEveryLauncherPortIsBelowTheEphemeralRange() {
        int low = PortOffsets.ephemeralLow();
        // 9092 + 40,000 is inside the default range (32768–60999); 12,000 keeps every port (at most 9092 + 12,000) below it
        int offset = PortOffsets.free(List.of(40_000, 12_000));
        assertThat(offset).isEqualTo(12_000);
        assertThat(PortOffsets.LAUNCHER_PORTS).allSatisfy(port -> assertThat(port + offset).isLessThan(low));
    }

    @Test
    void noCandidateBelowTheRangeIsRefusedByName() {
        assertThatThrownBy(() -> PortOffsets.free(List.of(low() - 5_000)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ephemeral range");
    }

    @Test
    void aChildsPortIsBelowTheRange() {
        assertThat(PortOffsets.freePort()).isBetween(10_000, PortOffsets.ephemeralLow() - 1);
    }

    private static int low() {
        return PortOffsets.ephemeralLow();
    }
}

package org.onestop.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jiujiang 五(一) leaves the warning line to local rule: an override reaches a line by its id. */
class WarningOverrideTest {

    @Test
    void aWarningLineIsOverriddenByItsId_jiujiang五一() {
        PolicyCatalog catalog = PolicyCatalog.loadDefault(Map.of(
                "jiujiang-2022.warnings.lines.heavy-burden.threshold", "15000.00 | local rule (test)"));
        WarningRules.Line line = catalog.policyFor("360400", java.time.LocalDate.of(2026, 1, 1)).warnings().orElseThrow()
                .lines().get(0);
        assertThat(line.thresholdFor(null)).isEqualTo(Money.of("15000.00"));
        assertThat(line.threshold().clause()).isEqualTo("local rule (test)");
    }

    @Test
    void anUnknownLineIdIsRefused() {
        assertThatThrownBy(() -> PolicyCatalog.loadDefault(Map.of(
                "jiujiang-2022.warnings.lines.no-such-line.threshold", "15000.00 | x")))
                .isInstanceOf(PolicyFileException.class).hasMessageContaining("no such field");
    }
}

package org.onestop.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The warning-line rule monitoring-service and the what-if share, on burdens given directly (fen). The lines of every
 * region, on sequences of settlements, are monitoring-service's WarningLinesTest; this proves the rule's edges.
 */
class WarningCheckTest {

    private static final PolicyCatalog CATALOG = PolicyCatalog.loadDefault();

    private static WarningCheck.Burden inpatient(long afterInsurance, long afterAssistance) {
        return (basis, types) -> types.isEmpty() || types.contains(VisitType.INPATIENT)
                ? (basis == WarningRules.Burden.AFTER_ASSISTANCE ? afterAssistance : afterInsurance) : 0;
    }

    private static List<String> ids(List<WarningCheck.Reached> reached) {
        return reached.stream().map(r -> r.line().id()).toList();
    }

    @Test
    @DisplayName("liaoning-2023 (七) 预警标准为5000元: 4,999.99 reaches nothing, 5,000.00 reaches relapse")
    void aNamedPopulationsLineIsReachedAtItsAmountExactly() {
        WarningCheck check = WarningCheck.of(CATALOG.policyFor("210000", LocalDate.of(2026, 6, 1)), 2026);

        assertThat(check.reached(InsuranceType.RESIDENT, Set.of("DIBAO"), inpatient(499_999, 0), Set.of())).isEmpty();
        List<WarningCheck.Reached> reached = check.reached(InsuranceType.RESIDENT, Set.of("DIBAO"), inpatient(500_000, 0), Set.of());
        assertThat(ids(reached)).containsExactly("relapse");
        assertThat(reached.get(0).thresholdFen()).isEqualTo(500_000);
        assertThat(reached.get(0).burdenFen()).isEqualTo(500_000);
        // once raised, not again
        assertThat(check.reached(InsuranceType.RESIDENT, Set.of("DIBAO"), inpatient(900_000, 0), Set.of("relapse"))).isEmpty();
    }

    @Test
    @DisplayName("liaoning-2023 (七) 范围以外的参保人员: everyone else by insurance type, 2万元 resident, 5万元 employee")
    void everyoneElseLinesTakeThoseOutsideTheNamedPopulationsByInsuranceType() {
        WarningCheck check = WarningCheck.of(CATALOG.policyFor("210000", LocalDate.of(2026, 6, 1)), 2026);

        // a 低保 recipient is in the named population: 20,000.00 raises relapse, not the everyone-else line
        assertThat(ids(check.reached(InsuranceType.RESIDENT, Set.of("DIBAO"), inpatient(2_000_000, 0), Set.of())))
                .containsExactly("relapse");
        assertThat(ids(check.reached(InsuranceType.RESIDENT, Set.of(), inpatient(2_000_000, 0), Set.of())))
                .containsExactly("impoverish-resident");
        assertThat(check.reached(InsuranceType.EMPLOYEE, Set.of(), inpatient(4_999_999, 0), Set.of())).isEmpty();
        assertThat(ids(check.reached(InsuranceType.EMPLOYEE, Set.of(), inpatient(5_000_000, 0), Set.of())))
                .containsExactly("impoverish-employee");
        // an unknown insurance type is in no line restricted to a type
        assertThat(check.reached(null, Set.of(), inpatient(5_000_000, 0), Set.of())).isEmpty();
    }

    @Test
    @DisplayName("jiujiang-2022 五(一): 50 % of the year before's income; without that figure monitoring refuses, the what-if skips")
    void aLineOfIncomeShareWithoutTheFigureIsAnErrorForMonitoringAndUncountedForAReport() {
        RegionPolicy jiujiang = CATALOG.policyFor("360400", LocalDate.of(2026, 6, 1));
        // discharge in 2026: 2025's 40,000.00 (assumed) × 50 % = 20,000.00, measured after assistance
        WarningCheck y2026 = WarningCheck.of(jiujiang, 2026);
        assertThat(y2026.reached(InsuranceType.RESIDENT, Set.of("DIBAO_MARGINAL"), inpatient(0, 1_999_999), Set.of())).isEmpty();
        assertThat(ids(y2026.reached(InsuranceType.RESIDENT, Set.of("DIBAO_MARGINAL"), inpatient(0, 2_000_000), Set.of())))
                .containsExactly("heavy-burden");

        // discharge in 2040: no figure for 2039
        assertThatThrownBy(() -> WarningCheck.of(jiujiang, 2040)
                .reached(InsuranceType.RESIDENT, Set.of("DIBAO_MARGINAL"), inpatient(0, 9_000_000), Set.of()))
                .isInstanceOf(PolicyNotInForceException.class).hasMessageContaining("2039");
        assertThat(WarningCheck.measurable(jiujiang, 2040)
                .reached(InsuranceType.RESIDENT, Set.of("DIBAO_MARGINAL"), inpatient(0, 9_000_000), Set.of())).isEmpty();
        // a person outside every line's population needs no figure at all
        assertThat(WarningCheck.of(jiujiang, 2040).reached(InsuranceType.RESIDENT, Set.of("DIBAO"), inpatient(0, 9_000_000), Set.of()))
                .isEmpty();
    }
}

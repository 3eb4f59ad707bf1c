package org.onestop.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.onestop.policy.Discharge;
import org.onestop.policy.HospitalLevel;
import org.onestop.policy.IdentityPeriod;
import org.onestop.policy.InsuranceType;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.VisitType;

class WhatIfTest {

    private static final PolicyCatalog CATALOG = PolicyCatalog.loadDefault();
    private static final String RATIO = "assistance.categories.class2.bands[0].ratio";

    /** A resident 低保 (DIBAO, Jiujiang class 2) inpatient stay of 10,000.00 all in scope at a secondary hospital. */
    private static PersonHistory dibaoStay(String person, String cost) {
        Discharge d = Discharge.builder("360402", LocalDate.of(2025, 6, 1)).admissionDate(LocalDate.of(2025, 5, 25))
                .insurance(InsuranceType.RESIDENT).visit(VisitType.INPATIENT).level(HospitalLevel.SECONDARY).cost(cost).build();
        return new PersonHistory(person, List.of(IdentityPeriod.open("DIBAO", LocalDate.of(2024, 1, 1))), List.of(),
                List.of(new PersonHistory.Booked("s-" + person, 1, d)));
    }

    @Test
    @DisplayName("jiujiang-2022 三(三)2(2) class 2 at 80 % instead of 75 % pays 5 % of the 3,100.00 left after insurance more: 155.00")
    void raisingTheClassTwoRatioByFivePointsPaysFivePercentOfItsBaseMore() {
        // basic: (10,000 − 800 deductible) × 75 % (secondary, resident) = 6,900.00; left 3,100.00 is under both critical-
        // illness lines (25 % / 50 % of 2024's 38,000 income), so assistance = 3,100 × 75 % = 2,325.00, at 80 % 2,480.00
        CandidatePolicy candidate = CandidatePolicy.ofOverrides("jiujiang-2022", Map.of(), Map.of(RATIO, "80%"));
        WhatIf w = new WhatIf(CATALOG, "360400", 2025, candidate.policy());

        PersonYear y = w.evaluate(dibaoStay("p1", "10000.00"));

        assertThat(y.current().outlay()).containsEntry("BASIC|390100", 690000L).containsEntry("ASSISTANCE|610100", 232500L);
        assertThat(y.candidate().outlay()).containsEntry("ASSISTANCE|610100", 248000L);
        assertThat(y.candidate().funds() - y.current().funds()).isEqualTo(15500L);
        assertThat(y.current().patientPays() - y.candidate().patientPays()).isEqualTo(15500L);
        assertThat(y.current().byCounty()).containsOnlyKeys("360402");
        assertThat(y.current().byCategory()).containsOnlyKeys("class2");
    }

    @Test
    void theCandidateKeepsTheReplacedValuesClauseMarkedWhatIf() {
        CandidatePolicy candidate = CandidatePolicy.ofOverrides("jiujiang-2022", Map.of(), Map.of(RATIO, "80%"));

        assertThat(candidate.yaml()).contains("80% | jiujiang-2022 三(三)2(2) (what-if)");
    }

    @Test
    void aRatioAboveOneHundredPercentIsRefusedNamingTheOverride() {
        assertThatThrownBy(() -> CandidatePolicy.ofOverrides("jiujiang-2022", Map.of(), Map.of(RATIO, "180%")))
                .isInstanceOfSatisfying(CandidateException.class, e -> {
                    assertThat(e.parameter()).isEqualTo(RATIO);
                    assertThat(e.getMessage()).contains("outside 0–100%");
                });
    }

    @Test
    void aPathNamingNoParameterIsRefused() {
        assertThatThrownBy(() -> CandidatePolicy.ofOverrides("jiujiang-2022", Map.of(),
                Map.of("assistance.categories.class9.bands[0].ratio", "80%")))
                .isInstanceOfSatisfying(CandidateException.class,
                        e -> assertThat(e.parameter()).isEqualTo("assistance.categories.class9.bands[0].ratio"));
    }

    @Test
    void aWholeFileOfAnotherRegionIsRefused() {
        assertThatThrownBy(() -> CandidatePolicy.ofYaml(CandidatePolicy.shipped("yantai-2023"), "360400"))
                .isInstanceOfSatisfying(CandidateException.class, e -> assertThat(e.parameter()).isEqualTo("region"));
    }

    @Test
    void theShippedFileAsCandidateChangesNothing() {
        CandidatePolicy same = CandidatePolicy.ofYaml(CandidatePolicy.shipped("jiujiang-2022"), "360400");
        WhatIf w = new WhatIf(CATALOG, "360400", 2025, same.policy());

        PersonYear y = w.evaluate(dibaoStay("p1", "10000.00"));

        assertThat(y.candidate()).isEqualTo(y.current());
    }

    @Test
    void personYearsOutsideTheRegionOrYearAreNotCounted() {
        WhatIf w = new WhatIf(CATALOG, "360400", 2024, CandidatePolicy.ofOverrides("jiujiang-2022", Map.of(),
                Map.of(RATIO, "80%")).policy());

        assertThat(w.evaluate(dibaoStay("p1", "10000.00"))).isNull();
    }

    @Test
    void tallyingInPartsGivesTheSameDocumentAsTallyingWhole() {
        WhatIf w = new WhatIf(CATALOG, "360400", 2025, CandidatePolicy.ofOverrides("jiujiang-2022", Map.of(),
                Map.of(RATIO, "80%")).policy());
        List<PersonYear> years = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            years.add(w.evaluate(dibaoStay("p" + i, (1000 + i * 997) + ".00")));
        }
        WhatIfTally whole = new WhatIfTally();
        years.forEach(whole::add);
        WhatIfTally a = new WhatIfTally();
        WhatIfTally b = new WhatIfTally();
        for (int i = years.size() - 1; i >= 0; i--) {
            (i % 3 == 0 ? a : b).add(years.get(i));
        }

        assertThat(WhatIfReport.json(w, b.merge(a))).isEqualTo(WhatIfReport.json(w, whole));
        assertThat(WhatIfReport.json(w, whole)).contains("\"personYears\":30");
    }

    @Test
    void theExportReadsBackToTheSameBook() {
        PersonHistory h = dibaoStay("p1", "10000.00");

        assertThat(HistoryCsv.read("p1", HistoryCsv.lines(h))).isEqualTo(h);
    }
}

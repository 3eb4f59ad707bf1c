package org.onestop.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyCatalogTest {

    static final PolicyCatalog CATALOG = PolicyCatalog.loadDefault();

    @Test
    void loadsTheFiveRegionsWithTheirDatesInForce() {
        assertThat(CATALOG.all()).extracting(RegionPolicy::version)
                .containsExactlyInAnyOrder("jiujiang-2022", "bayingolin-2023", "shanxi-2019", "yantai-2023", "liaoning-2023");
        assertThat(CATALOG.policyFor("360400", LocalDate.parse("2022-10-01")).inForceFrom()).isEqualTo("2022-10-01");
        assertThat(CATALOG.policyFor("652800", LocalDate.parse("2023-03-09")).version()).isEqualTo("bayingolin-2023");
    }

    @Test
    void countyCodesMapToTheirPolicyRegion() {
        assertThat(CATALOG.policyRegionOf("360402")).contains("360400");
        assertThat(CATALOG.policyRegionOf("140105")).contains("140000");
        assertThat(CATALOG.policyRegionOf("210102")).contains("210000");
        assertThat(CATALOG.policyRegionOf("370602")).contains("370600");
        assertThat(CATALOG.policyRegionOf("652801")).contains("652800");
        assertThat(CATALOG.policyRegionOf("110105")).isEmpty();
        assertThat(CATALOG.policyRegionOf("36040")).isEmpty();
    }

    @Test
    void unknownRegionAndDatesBeforeTheFirstVersionAreRefused() {
        assertThatThrownBy(() -> CATALOG.policyFor("110105", LocalDate.parse("2023-01-01")))
                .isInstanceOf(PolicyNotInForceException.class).hasMessageContaining("110105");
        assertThatThrownBy(() -> CATALOG.policyFor("360400", LocalDate.parse("2022-09-30")))
                .isInstanceOf(PolicyNotInForceException.class).hasMessageContaining("2022-10-01");
    }

    @Test
    void everyNumberInTheShippedFilesCitesAClauseOrSaysAssumed() throws IOException {
        for (String file : new String[] {"jiujiang-2022.yaml", "bayingolin-2023.yaml", "shanxi-2019.yaml", "yantai-2023.yaml", "liaoning-2023.yaml"}) {
            String text = read("policies/" + file);
            for (String line : text.split("\n")) {
                String code = line.replaceAll("#.*", "");
                // a quoted value with a digit or a percentage must carry " | clause"
                var m = java.util.regex.Pattern.compile("(\\w+)?:?\\s*\"([^\"]*\\d[^\"]*)\"").matcher(code);
                while (m.find()) {
                    if ("cite".equals(m.group(1))) {
                        continue; // the citation itself
                    }
                    String value = m.group(2);
                    if (value.matches("\\d{4}") || value.matches("\\d{6}") || value.matches("\\d{6}\\.?")) {
                        continue; // years as keys, region and fund codes
                    }
                    assertThat(value).as(file + ": " + line.trim()).contains("|");
                    assertThat(value.substring(value.indexOf('|') + 1).trim()).as(file + ": " + line.trim()).isNotEmpty();
                }
            }
        }
    }

    @Test
    void aValueWithoutCitationIsRejectedNamingFileAndField() {
        String yaml = minimal().replace("\"70% | test clause\"", "\"70%\"");
        assertThatThrownBy(() -> PolicyCatalog.read("broken.yaml", stream(yaml)))
                .isInstanceOf(PolicyFileException.class)
                .hasMessageContaining("broken.yaml")
                .hasMessageContaining("assistance.categories[0].bands[0].ratio")
                .hasMessageContaining("no citation");
    }

    @Test
    void aRatioAbove100PercentIsRejected() {
        String yaml = minimal().replace("\"70% | test clause\"", "\"170% | test clause\"");
        assertThatThrownBy(() -> PolicyCatalog.read("broken.yaml", stream(yaml)))
                .isInstanceOf(PolicyFileException.class).hasMessageContaining("outside 0–100%");
    }

    @Test
    void anUnknownIdentityTypeIsRejected() {
        String yaml = minimal().replace("[DIBAO]", "[DIBOA]");
        assertThatThrownBy(() -> PolicyCatalog.read("broken.yaml", stream(yaml)))
                .isInstanceOf(PolicyFileException.class).hasMessageContaining("unknown identity type 'DIBOA'");
    }

    @Test
    void overlappingBandsAreRejected() {
        String yaml = minimal().replace(
                "- {from: \"0 | test clause\", ratio: \"70% | test clause\"}",
                "- {from: \"0 | c\", to: \"5000 | c\", ratio: \"70% | test clause\"}\n        - {from: \"4000 | c\", ratio: \"80% | c\"}");
        assertThatThrownBy(() -> PolicyCatalog.read("broken.yaml", stream(yaml)))
                .isInstanceOf(PolicyFileException.class).hasMessageContaining("overlaps");
    }

    @Test
    void aSecondaryLayerNamingAnUndefinedCategoryIsRejected() {
        String yaml = minimal() + """
                secondary:
                  name: 倾斜救助
                  fundCode: "610102"
                  cite: test
                  allowedLocations: [IN_REGION]
                  visitTypes: [INPATIENT]
                  categories:
                    nosuch: {bands: [{from: "0 | c", ratio: "50% | c"}], annualCap: "100 | c"}
                """;
        assertThatThrownBy(() -> PolicyCatalog.read("broken.yaml", stream(yaml)))
                .isInstanceOf(PolicyFileException.class).hasMessageContaining("secondary.categories.nosuch")
                .hasMessageContaining("does not define");
    }

    @Test
    void overridesReplaceAssumedParametersAndUnknownPathsAreRejected() {
        PolicyCatalog overridden = PolicyCatalog.loadDefault(Map.of("jiujiang-2022.assumptions.income.2022", "50000.00 | bureau figure"));
        assertThat(overridden.policyFor("360400", LocalDate.parse("2023-01-01")).incomeForDischargeYear(2023)).isEqualTo(Money.of("50000"));
        assertThatThrownBy(() -> PolicyCatalog.loadDefault(Map.of("jiujiang-2022.assumptions.nosuch.x", "1 | x")))
                .isInstanceOf(PolicyFileException.class).hasMessageContaining("no such field");
        assertThatThrownBy(() -> PolicyCatalog.loadDefault(Map.of("atlantis-2020.assumptions.income.2022", "1 | x")))
                .isInstanceOf(PolicyFileException.class).hasMessageContaining("names no policy version");
    }

    @Test
    void inconsistentDischargesAreRefusedNamingTheField() {
        Person p = Person.under(CATALOG).holds("DIBAO", "2023-01-01");
        var base = Discharges.withBurden(Discharges.JIUJIANG, "2023-03-01", "1000");
        assertThatThrownBy(() -> p.settle(base.upstream("20000", "0").build()))
                .isInstanceOf(InvalidDischargeException.class).hasMessageContaining("upstream");
        assertThatThrownBy(() -> p.settle(base.admissionDate(LocalDate.parse("2023-03-02")).upstream("0", "0").build()))
                .isInstanceOf(InvalidDischargeException.class).hasMessageContaining("admissionDate");
        Discharge inconsistent = new Discharge("360402", null, LocalDate.parse("2023-03-01"), InsuranceType.RESIDENT,
                VisitType.INPATIENT, null, null, false, Money.of("100"), Money.of("200"), Money.ZERO, Money.ZERO, null,
                false, 0, false, null);
        assertThatThrownBy(() -> p.settle(inconsistent))
                .isInstanceOf(InvalidDischargeException.class).hasMessageContaining("totalCost");
    }

    @Test
    void loadingAllFiveTakesWellUnderASecond() {
        long start = System.nanoTime();
        PolicyCatalog.loadDefault();
        // a smoke bound only; the measured figure is in docs/benchmarks.md (JMH)
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    private static String minimal() {
        return """
                region: "360400"
                name: test
                version: test-1
                inForceFrom: 2023-01-01
                identityTiming: {start: SAME_DAY, end: EXIT_DAY, cite: test}
                assumptions:
                  basic:
                    RESIDENT:
                      deductible: "0 | c"
                      ratios: {PRIMARY: "50% | c", SECONDARY: "50% | c", TERTIARY: "50% | c"}
                      annualCap: "none | c"
                  criticalIllness:
                    visitTypes: [INPATIENT]
                assistance:
                  fundCode: "610100"
                  categories:
                    - id: one
                      name: one
                      rank: 1
                      identityTypes: [DIBAO]
                      cite: test
                      visitTypes: [INPATIENT]
                      bands:
                        - {from: "0 | test clause", ratio: "70% | test clause"}
                      annualCap: "1000 | test clause"
                """;
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = PolicyCatalogTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

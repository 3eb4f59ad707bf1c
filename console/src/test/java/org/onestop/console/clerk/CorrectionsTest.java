package org.onestop.console.clerk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CorrectionsTest {

    @Test
    void aFirstCorrectionTakesTheReferenceWithCorrectionOne() {
        assertThat(Corrections.nextReference("晋民2024Q1")).isEqualTo("晋民2024Q1-更正1");
    }

    @Test
    void aCorrectionOfACorrectionCountsOn() {
        assertThat(Corrections.nextReference("晋民2024Q1-更正1")).isEqualTo("晋民2024Q1-更正2");
        assertThat(Corrections.nextReference(" 晋民2024Q1-更正9 ")).isEqualTo("晋民2024Q1-更正10");
    }

    @Test
    void aReferenceThatMerelyContainsTheWordIsNotTakenForANumberedCorrection() {
        assertThat(Corrections.nextReference("更正名单")).isEqualTo("更正名单-更正1");
    }
}

package org.onestop.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreeTextTest {

    @Test
    void refusesAnEighteenCharacterNumberAnywhereInTheText() {
        assertThat(FreeText.check("民政-2024-11010519491231002X")).contains(FreeText.Problem.ID_NUMBER);
        assertThat(FreeText.check("ref 11010519491231002x end")).contains(FreeText.Problem.ID_NUMBER);
        // a wrong check digit is still someone's number typed with a typo
        assertThat(FreeText.check("110105194912310021")).contains(FreeText.Problem.ID_NUMBER);
    }

    @Test
    void refusesAFifteenDigitFirstGenerationNumber() {
        assertThat(FreeText.check("HIS:110105491231002")).contains(FreeText.Problem.ID_NUMBER);
    }

    @Test
    void acceptsReferencesWhoseDigitRunsAreNotFifteenOrEighteenLong() {
        assertThat(FreeText.check("CA-2024-0001")).isEmpty();
        assertThat(FreeText.check("2024060112345678")).isEmpty(); // 16 digits
        assertThat(FreeText.check("12345678901234567890")).isEmpty(); // 20 digits
        assertThat(FreeText.check("发文 [2024] 15 号")).isEmpty();
        assertThat(FreeText.check(null)).isEmpty();
    }

    @Test
    void refusesANulCharacter() {
        assertThat(FreeText.check("ref\u0000x")).contains(FreeText.Problem.NUL);
    }
}

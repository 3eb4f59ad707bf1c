package org.onestop.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ResidentIdNumberTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    @Test
    void acceptsTheStandardsExampleWithCheckCharacterX() {
        // Σ digit×weight over 11010519491231002 = 189, 189 mod 11 = 2 → "10X98765432"[2] = 'X'
        assertThat(ResidentIdNumber.check("11010519491231002X", TODAY)).isEmpty();
        assertThat(ResidentIdNumber.of("11010519491231002x", TODAY).value()).isEqualTo("11010519491231002X");
    }

    @Test
    void rejectsAWrongCheckDigit() {
        assertThat(ResidentIdNumber.check("110105194912310021", TODAY)).contains(ResidentIdNumber.Problem.CHECK_DIGIT);
    }

    @Test
    void rejectsAnImpossibleBirthDate() {
        // 1949-02-30 does not exist; the check character is recomputed so only the date is wrong
        String feb30 = ResidentIdNumber.withCheckChar("11010519490230002");
        assertThat(ResidentIdNumber.check(feb30, TODAY)).contains(ResidentIdNumber.Problem.BIRTH_DATE);
    }

    @Test
    void rejectsABirthDateInTheFuture() {
        String tomorrow = ResidentIdNumber.withCheckChar("11010520261126002");
        assertThat(ResidentIdNumber.check(tomorrow, TODAY)).contains(ResidentIdNumber.Problem.BIRTH_DATE);
        String today = ResidentIdNumber.withCheckChar("11010520261125002");
        assertThat(ResidentIdNumber.check(today, TODAY)).isEmpty();
    }

    @Test
    void rejectsWrongLengthLettersAndNonAddressPrefixes() {
        assertThat(ResidentIdNumber.check("11010519491231002", TODAY)).contains(ResidentIdNumber.Problem.FORMAT);
        assertThat(ResidentIdNumber.check("1101051949123100AX", TODAY)).contains(ResidentIdNumber.Problem.FORMAT);
        assertThat(ResidentIdNumber.check(null, TODAY)).contains(ResidentIdNumber.Problem.FORMAT);
        assertThat(ResidentIdNumber.check(ResidentIdNumber.withCheckChar("00010519491231002"), TODAY))
                .contains(ResidentIdNumber.Problem.ADDRESS);
    }

    @Test
    void extractsTheBirthDate() {
        assertThat(ResidentIdNumber.of("11010519491231002X", TODAY).birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
    }

    @Test
    void masksTheBirthDateAndSequenceKeepingAddressAndCheckCharacter() {
        ResidentIdNumber id = ResidentIdNumber.of("11010519491231002X", TODAY);
        assertThat(id.mask()).isEqualTo("110105***********X");
        assertThat(id.toString()).isEqualTo("110105***********X").doesNotContain("19491231").doesNotContain("002");
        assertThat(ResidentIdNumber.isMask(id.mask())).isTrue();
        assertThat(id.birthYear()).isEqualTo(1949);
    }

    @Test
    void aMaskIsSixDigitsElevenStarsAndADigitOrX() {
        assertThat(ResidentIdNumber.isMask("110105***********7")).isTrue();
        assertThat(ResidentIdNumber.isMask("110105***********x")).isFalse(); // lower-case x is not the mask's
        assertThat(ResidentIdNumber.isMask("11010a***********X")).isFalse();
        assertThat(ResidentIdNumber.isMask("110105**********0X")).isFalse(); // ten stars
        assertThat(ResidentIdNumber.isMask("110105***********")).isFalse();
        assertThat(ResidentIdNumber.isMask("110105***********XX")).isFalse();
        assertThat(ResidentIdNumber.isMask(null)).isFalse();
    }

    @Test
    void remasksTheEarlierShapeAndRefusesARawNumber() {
        assertThat(ResidentIdNumber.remask("110105********002X")).isEqualTo("110105***********X");
        assertThat(ResidentIdNumber.remask("110105***********X")).isEqualTo("110105***********X");
        assertThat(ResidentIdNumber.remask(null)).isNull();
        assertThatThrownBy(() -> ResidentIdNumber.remask("11010519491231002X"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("19491231");
    }

    @Test
    void invalidNumberExceptionNamesTheProblemNotTheNumber() {
        assertThatThrownBy(() -> ResidentIdNumber.of("110105194912310021", TODAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ID_CHECK_DIGIT");
    }

    @Test
    void personRefIsADeterministicHmacPerSecret() {
        ResidentIdNumber id = ResidentIdNumber.of("11010519491231002X", TODAY);
        byte[] secret = "test-secret".getBytes(StandardCharsets.UTF_8);
        PersonRef first = id.personRef(secret);
        assertThat(first.value()).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(id.personRef(secret)).isEqualTo(first);
        assertThat(ResidentIdNumber.of("11010519491231002x", TODAY).personRef(secret)).isEqualTo(first);
        assertThat(id.personRef("other-secret".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(first);
    }

    @Test
    void personRefMatchesTheJdkHmacOfTheUpperCasedNumber() throws Exception {
        byte[] secret = "k".getBytes(StandardCharsets.UTF_8);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
        String expected = java.util.HexFormat.of().formatHex(mac.doFinal("11010519491231002X".getBytes(StandardCharsets.US_ASCII)));
        assertThat(ResidentIdNumber.of("11010519491231002x", TODAY).personRef(secret).value()).isEqualTo(expected);
    }
}

package org.onestop.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PersonRefTest {

    private static final String HEX64 = "0123456789abcdef".repeat(4);

    @Test
    void acceptsSixtyFourLowercaseHexCharacters() {
        assertThat(PersonRef.isValid(HEX64)).isTrue();
        assertThat(PersonRef.of(HEX64).value()).isEqualTo(HEX64);
    }

    @Test
    void refusesUppercaseOtherLettersAndOtherLengths() {
        assertThat(PersonRef.isValid(HEX64.toUpperCase())).isFalse();
        assertThat(PersonRef.isValid(HEX64.substring(1) + "g")).isFalse();
        assertThat(PersonRef.isValid(HEX64.substring(1))).isFalse();
        assertThat(PersonRef.isValid(HEX64 + "0")).isFalse();
        assertThat(PersonRef.isValid(HEX64.substring(1) + "/")).isFalse(); // '/' sits just below '0'
        assertThat(PersonRef.isValid(HEX64.substring(1) + ":")).isFalse(); // ':' just above '9'
        assertThat(PersonRef.isValid(HEX64.substring(1) + "`")).isFalse(); // '`' just below 'a'
        assertThat(PersonRef.isValid(null)).isFalse();
        assertThatThrownBy(() -> PersonRef.of(HEX64.substring(2))).isInstanceOf(IllegalArgumentException.class);
    }
}

package org.onestop.messaging.personref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PersonRefPropertiesTest {

    @Test
    void refusesToStartWithoutTheSecret() {
        assertThatThrownBy(() -> new PersonRefProperties(" ", false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ONESTOP_PERSON_REF_SECRET");
    }

    @Test
    void refusesTheDemoSecretOutsideDemoModeAndTakesItInDemoMode() {
        assertThatThrownBy(() -> new PersonRefProperties("dev-only-change-me", false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ONESTOP_DEMO_MODE");
        assertThat(new PersonRefProperties("dev-only-change-me", true).secretBytes()).isNotEmpty();
    }

    @Test
    void neverPrintsTheSecret() {
        assertThat(new PersonRefProperties("s3cr3t-value", false).toString()).doesNotContain("s3cr3t");
    }
}

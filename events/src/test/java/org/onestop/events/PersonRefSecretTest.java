package org.onestop.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PersonRefSecretTest {

    @Test
    void refusesAMissingSecretEvenInDemoMode() {
        assertThat(PersonRefSecret.refusal(null, true)).hasValueSatisfying(r -> assertThat(r).contains("is not set"));
        assertThat(PersonRefSecret.refusal("  ", false)).isPresent();
    }

    @Test
    void refusesTheDemoSecretsOutsideDemoModeAndSaysHowToStart() {
        assertThatThrownBy(() -> PersonRefSecret.require("dev-only-change-me", false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ONESTOP_DEMO_MODE=true");
        assertThat(PersonRefSecret.refusal("onestop-demo-secret-not-for-real-data", false)).isPresent();
    }

    @Test
    void acceptsTheDemoSecretInDemoModeAndAnyOtherSecretAlways() {
        assertThat(PersonRefSecret.refusal("onestop-demo-secret-not-for-real-data", true)).isEmpty();
        assertThat(PersonRefSecret.require("a-deployment-secret", false)).isEqualTo("a-deployment-secret".getBytes());
    }
}

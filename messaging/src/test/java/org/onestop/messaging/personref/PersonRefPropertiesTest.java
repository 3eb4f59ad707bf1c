package org.onestop.messaging.personref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PersonRefPropertiesTest {

    @Test
    void refusesToStartWithoutTheSecret() {
        assertThatThrownBy(() -> new PersonRefProperties(" ")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ONESTOP_PERSON_REF_SECRET");
    }

    @Test
    void neverPrintsTheSecret() {
        assertThat(new PersonRefProperties("s3cr3t-value").toString()).doesNotContain("s3cr3t");
    }
}

package org.onestop.identity.person;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.onestop.events.ResidentIdNumber;

class PersonRefsTest {

    @Test
    void theCachedMacGivesTheContractsReferenceNumberAfterNumber() {
        byte[] secret = "a-secret".getBytes(StandardCharsets.UTF_8);
        PersonRefs refs = new PersonRefs(secret);
        for (String id : new String[] {"11010519491231002X", "11010519491231002x", ResidentIdNumber.withCheckChar("14010519700101001")}) {
            ResidentIdNumber n = ResidentIdNumber.of(id);
            assertThat(refs.of(n)).isEqualTo(n.personRef(secret));
            assertThat(refs.value(n)).isEqualTo(n.personRef(secret).value());
        }
    }
}

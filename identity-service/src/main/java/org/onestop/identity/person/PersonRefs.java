package org.onestop.identity.person;

import org.onestop.events.PersonRef;
import org.onestop.events.ResidentIdNumber;
import org.onestop.identity.PersonRefProperties;
import org.springframework.stereotype.Component;

/** Turns validated ID numbers into person references under the deployment secret. */
@Component
public class PersonRefs {

    private final byte[] secret;

    @org.springframework.beans.factory.annotation.Autowired
    PersonRefs(PersonRefProperties properties) {
        this.secret = properties.secretBytes();
    }

    public PersonRefs(byte[] secret) {
        this.secret = secret.clone();
    }

    public PersonRef of(ResidentIdNumber id) {
        return id.personRef(secret);
    }
}

package org.onestop.policy;

import java.util.List;

/**
 * What the engine knows of the person besides the ledger: every identity period known now and every
 * approved grant. The engine picks those that apply on the discharge date itself.
 */
public record PersonContext(List<IdentityPeriod> identities, List<Grant> grants) {
    public PersonContext {
        identities = identities == null ? List.of() : List.copyOf(identities);
        grants = grants == null ? List.of() : List.copyOf(grants);
    }

    public static PersonContext of(IdentityPeriod... identities) {
        return new PersonContext(List.of(identities), List.of());
    }

    public PersonContext withGrant(Grant grant) {
        var all = new java.util.ArrayList<>(grants);
        all.add(grant);
        return new PersonContext(identities, all);
    }
}

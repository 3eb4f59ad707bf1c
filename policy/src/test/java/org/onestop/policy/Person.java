package org.onestop.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A test fixture: one person settling discharges in order, the ledger carried from one to the next,
 * as settlement-service does. Every settlement is checked to balance to the fen.
 */
final class Person {

    private final PolicyCatalog catalog;
    private final List<IdentityPeriod> identities = new ArrayList<>();
    private final List<Grant> grants = new ArrayList<>();
    private Ledger ledger = Ledger.EMPTY;

    private Person(PolicyCatalog catalog) {
        this.catalog = catalog;
    }

    static Person under(PolicyCatalog catalog) {
        return new Person(catalog);
    }

    Person holds(String type, String from) {
        identities.add(IdentityPeriod.open(type, LocalDate.parse(from)));
        return this;
    }

    Person holds(String type, String from, String until) {
        identities.add(new IdentityPeriod(type, LocalDate.parse(from), LocalDate.parse(until)));
        return this;
    }

    Person granted(String kind, String applicationDate) {
        grants.add(new Grant(kind + "-" + (grants.size() + 1), kind, LocalDate.parse(applicationDate)));
        return this;
    }

    Settlement settle(Discharge discharge) {
        Settlement s = catalog.settle(discharge, new PersonContext(identities, grants), ledger);
        assertThat(s.imbalance()).as("statement balances: total = funds + patient + hospital").isEqualTo(Money.ZERO);
        assertThat(s.patientPays().isNegative()).isFalse();
        ledger = s.ledgerAfter();
        return s;
    }

    Ledger ledger() {
        return ledger;
    }

    static Money yuan(String amount) {
        return Money.of(amount);
    }
}

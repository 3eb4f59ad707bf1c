package org.onestop.policy;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One identity a person held (e.g. {@code DIBAO} from 2023-03-01), as pushed by a department.
 *
 * @param type  identity type code (see the policy files' {@code identityTypes})
 * @param from  first day the identity was determined (inclusive)
 * @param until exit date: the first day the identity no longer holds (exclusive); {@code null} while open
 */
public record IdentityPeriod(String type, LocalDate from, LocalDate until) {
    public IdentityPeriod {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(from, "from");
        if (until != null && until.isBefore(from)) {
            throw new IllegalArgumentException("identity " + type + " ends (" + until + ") before it starts (" + from + ")");
        }
    }

    public static IdentityPeriod open(String type, LocalDate from) {
        return new IdentityPeriod(type, from, null);
    }
}

package org.onestop.whatif;

import java.util.Comparator;
import java.util.List;
import org.onestop.policy.Discharge;
import org.onestop.policy.Grant;
import org.onestop.policy.IdentityPeriod;

/**
 * What a replay of one person needs, as the settlement books hold it now: the identities and approved grants known
 * today and every surviving (not cancelled) discharge, of every region and year (grant windows and lifetime benefits
 * reach across years, so a person-year is replayed within the person's whole book).
 *
 * @param personRef  the keyed person reference (never a raw ID number)
 * @param identities identity periods known now
 * @param grants     approved grants, each with the policy region that granted it
 * @param entries    surviving settlements, in any order ({@link Booked#ORDER} sorts them)
 */
public record PersonHistory(String personRef, List<IdentityPeriod> identities, List<Granted> grants, List<Booked> entries) {

    public PersonHistory {
        identities = List.copyOf(identities);
        grants = List.copyOf(grants);
        entries = List.copyOf(entries);
    }

    /** An approved grant and the policy region (e.g. {@code 360400}) whose discharges alone it applies to. */
    public record Granted(String policyRegion, Grant grant) {
    }

    /**
     * A surviving settlement's input.
     *
     * @param seq settlement creation sequence: breaks ties between discharges of the same day, as the books do
     */
    public record Booked(String settlementId, long seq, Discharge discharge) {

        /** The books' replay order: discharge date, then creation sequence. */
        public static final Comparator<Booked> ORDER = Comparator
                .comparing((Booked b) -> b.discharge().dischargeDate()).thenComparingLong(Booked::seq);
    }
}

package org.onestop.whatif;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.onestop.policy.Discharge;
import org.onestop.policy.Grant;
import org.onestop.policy.Ledger;
import org.onestop.policy.PersonContext;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.RegionPolicy;
import org.onestop.policy.Settlement;

/**
 * A person's book settled afresh in discharge order, as settlement-service's {@code PersonBook.replay()} does it (the
 * books' rule, ARCHITECTURE "Consistency"): discharge date then creation sequence, one ledger carried through every
 * region and year, grants applied only to the discharges of the region that granted them. Optionally, the discharges
 * of one policy region and year are settled by a candidate policy instead of the version in force.
 */
final class Replayer {

    private final PolicyCatalog catalog;
    /** The policy region of each area code seen ("" for none): the catalog's lookup matches a pattern every call. */
    private final Map<String, String> regions = new ConcurrentHashMap<>();

    Replayer(PolicyCatalog catalog) {
        this.catalog = catalog;
    }

    private String regionOf(String regionCode) {
        return regions.computeIfAbsent(regionCode, c -> catalog.policyRegionOf(c).orElse(""));
    }

    /** One booked discharge and its settlement in the replay. */
    record Settled(PersonHistory.Booked booked, Settlement settlement) {
    }

    /**
     * @param candidate the policy settling the discharges of {@code region} dated in {@code year}, or null for none (the
     *                  books' own replay)
     */
    List<Settled> replay(PersonHistory h, RegionPolicy candidate, String region, int year) {
        List<PersonHistory.Booked> order = new ArrayList<>(h.entries());
        order.sort(PersonHistory.Booked.ORDER);
        List<Settled> out = new ArrayList<>(order.size());
        Map<String, PersonContext> contexts = new HashMap<>(4); // by region code: the same identities and grants
        Ledger ledger = Ledger.EMPTY;
        for (PersonHistory.Booked b : order) {
            Discharge d = b.discharge();
            PersonContext context = contexts.computeIfAbsent(d.regionCode(), r -> contextFor(h, d));
            Settlement s = candidate != null && inScope(d, region, year)
                    ? candidate.settle(d, context, ledger)
                    : catalog.settle(d, context, ledger);
            out.add(new Settled(b, s));
            ledger = s.ledgerAfter();
        }
        return out;
    }

    boolean inScope(Discharge d, String region, int year) {
        return d.dischargeDate().getYear() == year && region.equals(regionOf(d.regionCode()));
    }

    private PersonContext contextFor(PersonHistory h, Discharge discharge) {
        String region = regionOf(discharge.regionCode());
        List<Grant> applicable = new ArrayList<>();
        for (PersonHistory.Granted g : h.grants()) {
            if (g.policyRegion().equals(region)) {
                applicable.add(g.grant());
            }
        }
        return new PersonContext(h.identities(), applicable);
    }
}

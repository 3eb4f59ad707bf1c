package org.onestop.whatif;

import java.util.Map;
import java.util.Set;

/**
 * One person-year of the region replayed under both policies: what each side pays on the discharges of the region and
 * year. All amounts in fen.
 *
 * @param discharges the person's surviving discharges of the region and year
 */
public record PersonYear(String personRef, int discharges, Side current, Side candidate) {

    /**
     * One policy's side.
     *
     * @param outlay       fund payments by {@code LAYER|fundCode} (the bill's fund layers and grants paid to the person;
     *                     not what a hospital absorbs)
     * @param byCategory   fund payments by the assistance category applied ({@code NONE} when none)
     * @param byCounty     fund payments by the discharge's GB/T 2260 area
     * @param funds        every fund payment
     * @param patientPays  what the patient pays on the bills
     * @param lines        ids of the warning lines the person-year reaches
     * @param catastrophic the patient's payments exceed 40 % of the per-capita income figure; null when the policy
     *                     declares no figure for the year
     */
    public record Side(Map<String, Long> outlay, Map<String, Long> byCategory, Map<String, Long> byCounty, long funds,
                       long patientPays, Set<String> lines, Boolean catastrophic) {
    }
}

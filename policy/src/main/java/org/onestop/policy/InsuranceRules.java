package org.onestop.policy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/** Basic and critical-illness insurance parameters of a region (mostly {@code assumed}: the texts leave them to local practice). */
record InsuranceRules(Map<InsuranceType, Basic> basic, Set<VisitType> criticalIllnessVisitTypes,
                      Map<InsuranceType, CriticalIllness> criticalIllness) {

    /** Basic insurance: an annual deductible, a ratio by hospital level, an annual cap. */
    record Basic(Cited<Money> deductible, Map<HospitalLevel, Cited<BigDecimal>> ratios, Cited<Money> annualCap) {}

    /**
     * Critical illness: the general schedule, the tilted one for listed identities (倾斜支付), and the
     * special-drug schedules where the region has them.
     */
    record CriticalIllness(String fundCode, Schedule general, Tilt tilt, Schedule specialDrugGeneral, Schedule specialDrugTilted) {}

    record Tilt(Set<String> identityTypes, String clause, Schedule schedule) {}
}

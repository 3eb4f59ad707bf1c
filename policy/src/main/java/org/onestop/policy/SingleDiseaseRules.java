package org.onestop.policy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * Shanxi 八: single-disease capped payment for the 26 listed major diseases at designated hospitals.
 * Within the cap price the basic fund pays {@code basicRatio}, assistance its category's share (not
 * subject to the annual cap), the patient the rest; cost above the cap price is borne by the hospital.
 */
record SingleDiseaseRules(String clause, Set<InsuranceType> insuranceTypes, Cited<BigDecimal> basicRatio,
                          Map<String, Disease> diseases) {

    record Disease(String code, String name, Cited<Money> capPrice) {}
}

package org.onestop.policy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * An assistance category of a region (e.g. Jiujiang's 二类人员): which identities put a person in
 * it, its rank (1 = highest benefit, chosen when several apply: 就高不重复), which visit types it
 * covers and its annual schedule, plus the optional extras some texts give a category.
 *
 * @param viaGrant            non-null when the category applies only through an approved grant of that kind
 * @param subCaps             caps within the annual cap by visit type (Bayingolin's outpatient sub-caps)
 * @param backstopShare       share of total cost up to which out-of-catalogue cost is borne by the backstop, or null
 * @param singleDiseaseRatio  assistance share of the capped cost in single-disease payment (Shanxi 八), or null
 * @param singleDiseaseRemainderAssisted the patient's share within the single-disease cap is then assisted as ordinary burden
 * @param inpatientDiseases   diseases whose outpatient cost is assisted as inpatient (Shanxi 七: Gaucher, Pompe)
 * @param bedDayQuota         a fixed amount per bed-day replacing the cost-based schedule for the listed diseases, or null
 */
record Category(
        String id,
        String name,
        int rank,
        Set<String> identityTypes,
        String viaGrant,
        String clause,
        Set<VisitType> visitTypes,
        Schedule schedule,
        Map<VisitType, Cited<Money>> subCaps,
        String backstopFundCode,
        Cited<BigDecimal> backstopShare,
        Cited<BigDecimal> singleDiseaseRatio,
        boolean singleDiseaseRemainderAssisted,
        Set<String> inpatientDiseases,
        BedDayQuota bedDayQuota,
        boolean careGrant) {

    record BedDayQuota(Cited<Money> perDay, Set<String> diseases) {}
}

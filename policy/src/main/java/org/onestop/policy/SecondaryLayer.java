package org.onestop.policy;

import java.util.Map;
import java.util.Set;

/**
 * A region's second assistance layer on what remains after basic assistance: tilted assistance
 * (倾斜救助: Jiujiang, Bayingolin, Liaoning) or re-assistance (再救助: Yantai). Schedules are per
 * category; the base is the cumulative burden left after insurance and assistance.
 *
 * @param requiresGrant    grant kind that must cover the discharge (Jiujiang: on application), or null
 * @param lookbackMonths   new recipients' discharges up to this many months before determination count (same year)
 * @param countsAgainstAssistanceCap whether payments also consume the basic assistance cap
 */
record SecondaryLayer(
        String name,
        String fundCode,
        String clause,
        String requiresGrant,
        Set<CareLocation> allowedLocations,
        Cited<Boolean> referralRequiredOutsideRegion,
        Cited<Integer> lookbackMonths,
        Set<VisitType> visitTypes,
        boolean countsAgainstAssistanceCap,
        Map<String, Schedule> byCategory) {}

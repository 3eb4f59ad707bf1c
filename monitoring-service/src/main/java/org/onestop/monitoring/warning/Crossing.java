package org.onestop.monitoring.warning;

import java.util.Map;
import org.onestop.policy.RegionPolicy;
import org.onestop.policy.VisitType;
import org.onestop.policy.WarningRules;

/**
 * A line a person-year has reached: the line, its amount for the year, and the measured burden with its parts (fen).
 *
 * @param thresholdFen the line for the year (0 for populations always in scope)
 */
public record Crossing(RegionPolicy policy, WarningRules.Line line, long thresholdFen, long burdenFen,
                       Map<VisitType, Long> parts) {
}

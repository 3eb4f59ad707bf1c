package org.onestop.enrollment.subsidy;

import java.time.Instant;
import java.util.UUID;
import org.onestop.events.EnrollmentSubsidyChanged.Change;
import org.onestop.policy.Money;

/**
 * One announced change of a person-year's subsidy: the decision it concerns (the new one, or for WITHDRAWN the one
 * taken back), the amount the event carries and the reason code.
 */
public record SubsidyChange(UUID eventId, String personRef, String maskedId, Change change, YearDecision decision,
        Money amount, Money refund, String reason, UUID causedBy, Instant decidedAt) {
}

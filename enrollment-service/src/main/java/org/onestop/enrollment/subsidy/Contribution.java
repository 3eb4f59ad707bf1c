package org.onestop.enrollment.subsidy;

import java.time.LocalDate;
import org.onestop.policy.Money;

/** What the tax bureau reports a person paid for one insurance year, and when. */
public record Contribution(int year, Money amount, LocalDate paidOn) {
}

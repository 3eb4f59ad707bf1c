package org.onestop.settlement.book;

import org.onestop.policy.Grant;

/** An approved grant with the policy region (e.g. {@code 360400}) that granted it: it applies only to that region's discharges. */
public record RegionGrant(String policyRegion, Grant grant) {
}

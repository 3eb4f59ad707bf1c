package org.onestop.settlement.whatif;

import java.util.Map;

/**
 * {@code POST /api/v1/what-if}.
 *
 * @param region    the policy region (6 digits, e.g. {@code 360400})
 * @param year      the natural year of the discharges replayed
 * @param candidate the candidate policy: a whole file ({@code yaml}) or named parameters changed ({@code overrides},
 *                  on the shipped {@code version}, by default the version in force at the end of the year)
 */
public record WhatIfRequest(String region, Integer year, Candidate candidate) {

    public record Candidate(String yaml, String version, Map<String, String> overrides) {
    }
}

package org.onestop.settlement.whatif;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code onestop.settlement.what-if.*}.
 *
 * @param maxActivePerOffice how many runs one office may have queued or running at once; the next is refused with a
 *                           429 {@code what-if-limit} problem until one finishes or is cancelled. Runs execute one at a
 *                           time per replica, so a deeper queue would only keep other offices waiting.
 */
@ConfigurationProperties("onestop.settlement.what-if")
public record WhatIfProperties(@DefaultValue("2") int maxActivePerOffice) {

    public WhatIfProperties {
        if (maxActivePerOffice < 1) {
            throw new IllegalArgumentException("onestop.settlement.what-if.max-active-per-office must be at least 1");
        }
    }
}

package org.onestop.policy;

import java.time.LocalDate;

/** Small builders for test discharges. Unless a test says otherwise: resident, inpatient, in region, secondary hospital. */
final class Discharges {

    static final String JIUJIANG = "360402";   // a district of 九江 (360400)
    static final String BAYINGOLIN = "652801"; // 库尔勒 in 巴州 (652800)
    static final String SHANXI = "140105";     // a district of 太原 in 山西 (140000)
    static final String YANTAI = "370602";     // a district of 烟台 (370600)
    static final String LIAONING = "210102";   // a district of 沈阳 in 辽宁 (210000)

    private Discharges() {}

    /**
     * An inpatient stay whose insurance layers were settled upstream, so that the policy-scope personal
     * burden (the assistance base) is exactly {@code burden}: in-scope cost = burden + basic + critical illness.
     */
    static Discharge.Builder withBurden(String region, String dischargeDate, String burden) {
        Money b = Money.of(burden);
        Money basic = Money.of("10000.00");
        return Discharge.builder(region, LocalDate.parse(dischargeDate))
                .cost(b.plus(basic).toString(), "0", "0")
                .upstream(basic.toString(), "0");
    }

    static Discharge.Builder inpatient(String region, String dischargeDate, String inScope) {
        return Discharge.builder(region, LocalDate.parse(dischargeDate)).cost(inScope, "0", "0");
    }
}

package org.onestop.policy;

/** What kind of care a discharge (or outpatient settlement) is. */
public enum VisitType {
    /** 住院 */
    INPATIENT,
    /** 门诊慢特病 / 门诊特殊慢性病 */
    CHRONIC_OUTPATIENT,
    /** 重特大疾病门诊 / 门诊大病 (long-term outpatient treatment of a major illness) */
    MAJOR_ILLNESS_OUTPATIENT,
    /** 普通门诊 (incl. 门诊统筹) */
    ORDINARY_OUTPATIENT,
    /** 大病保险特殊药品 / separately paid drugs */
    SPECIAL_DRUG
}

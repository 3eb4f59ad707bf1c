package org.onestop.policy;

/** The basic insurance a person is enrolled in. */
public enum InsuranceType {
    /** 职工基本医疗保险 */
    EMPLOYEE,
    /** 城乡居民基本医疗保险 */
    RESIDENT
}

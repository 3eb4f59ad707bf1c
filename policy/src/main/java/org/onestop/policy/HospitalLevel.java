package org.onestop.policy;

/** Hospital grade, which sets basic insurance's ratio. */
public enum HospitalLevel {
    /** 一级及以下 (incl. township health centres) */
    PRIMARY,
    /** 二级 */
    SECONDARY,
    /** 三级 */
    TERTIARY
}

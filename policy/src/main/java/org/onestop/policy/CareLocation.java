package org.onestop.policy;

/** Where care happened, relative to the person's insurance region (统筹地区). */
public enum CareLocation {
    /** inside the insurance region (市域/统筹区内) */
    IN_REGION,
    /** elsewhere in the same province (省内异地) */
    IN_PROVINCE,
    /** in another province (跨省) */
    OUT_OF_PROVINCE
}

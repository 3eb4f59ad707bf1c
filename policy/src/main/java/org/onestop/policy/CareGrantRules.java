package org.onestop.policy;

import java.util.Set;

/** Shanxi 九: a one-time grant per person for a listed major disease in its late stage. */
record CareGrantRules(Cited<Money> amount, Set<String> identityTypes, String clause) {}

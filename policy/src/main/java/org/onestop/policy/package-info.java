/**
 * Regional medical-assistance policies as data, and the layered settlement of one discharge
 * (basic insurance → critical illness → medical assistance → regional extra layers) as a pure,
 * deterministic function of the discharge, the person's identities and grants, and the year's ledger.
 *
 * <p>Entry points: {@link org.onestop.policy.PolicyCatalog} loads and validates the policy files;
 * {@link org.onestop.policy.RegionPolicy#settle} settles one discharge. Nothing here depends on Spring.
 */
package org.onestop.policy;

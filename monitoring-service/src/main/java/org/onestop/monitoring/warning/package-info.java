/**
 * The early-warning feature: each person-year's burden by visit type, the person's identities, the lines of the
 * policy files, and the warnings raised, routed, acknowledged and resolved.
 */
package org.onestop.monitoring.warning;

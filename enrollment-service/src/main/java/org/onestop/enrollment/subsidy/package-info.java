/**
 * Subsidized enrollment (资助参保): a person's identity periods and contribution payments, the pure decision of each
 * insurance year's subsidy under the region's policy, and the changes announced on enrollment.subsidy.v1.
 */
package org.onestop.enrollment.subsidy;

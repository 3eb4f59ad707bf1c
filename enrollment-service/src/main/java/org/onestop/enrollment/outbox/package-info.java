/** The transactional outbox and its relay to enrollment.subsidy.v1, in order per person. */
package org.onestop.enrollment.outbox;

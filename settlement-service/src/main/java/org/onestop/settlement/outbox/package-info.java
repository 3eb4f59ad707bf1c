/** The transactional outbox and its relay to settlement.completed.v1, in order per person. */
package org.onestop.settlement.outbox;

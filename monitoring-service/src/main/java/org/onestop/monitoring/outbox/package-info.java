/** The transactional outbox of monitoring.alert.v1 and its relay, in order per person. */
package org.onestop.monitoring.outbox;

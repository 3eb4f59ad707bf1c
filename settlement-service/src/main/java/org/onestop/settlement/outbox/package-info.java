/** The platform outbox wired for settlement.completed.v1 (relay safe with N replicas), and the topics this service declares. */
package org.onestop.settlement.outbox;

/**
 * Kafka consumer plumbing shared by the bindings: dead letters with a reason header, and the one place where a
 * consumer waits for R2DBC.
 */
package org.onestop.settlement.kafka;

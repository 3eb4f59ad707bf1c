/** Kafka bindings of the two input topics: decoding, dedupe hand-off, retries and dead letters with a reason. */
package org.onestop.monitoring.messaging;

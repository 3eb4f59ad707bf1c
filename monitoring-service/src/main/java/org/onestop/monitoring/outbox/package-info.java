/** The platform outbox of monitoring.alert.v1 (onestop-messaging) wired for this service, and the topic it writes. */
package org.onestop.monitoring.outbox;

/** The platform outbox wired for enrollment.subsidy.v1, and the topics this service declares. */
package org.onestop.enrollment.outbox;

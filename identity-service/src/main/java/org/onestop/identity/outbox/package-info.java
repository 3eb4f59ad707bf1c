/** The platform outbox wired for identity.changed.v1, and the topic this service declares. */
package org.onestop.identity.outbox;

/** The transactional outbox and its relay to identity.changed.v1, in order per person. */
package org.onestop.identity.outbox;

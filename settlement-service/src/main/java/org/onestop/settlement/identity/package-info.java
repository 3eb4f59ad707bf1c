/** This service's own view of each person's identities, kept from identity.changed.v1, and the re-settlement it triggers. */
package org.onestop.settlement.identity;

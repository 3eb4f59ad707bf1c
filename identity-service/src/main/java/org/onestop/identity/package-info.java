/** identity-service: partner departments' identity feeds → validated identity periods per person → identity.changed.v1. */
package org.onestop.identity;

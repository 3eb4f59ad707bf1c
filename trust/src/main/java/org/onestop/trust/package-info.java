/** Verifying the gateway's internal token in every service: no component trusts the network (docs/security.md). */
package org.onestop.trust;

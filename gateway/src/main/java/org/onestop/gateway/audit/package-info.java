/** Who wrote what through the gateway, and what came of it: recorded for every write, queryable by operators. */
package org.onestop.gateway.audit;

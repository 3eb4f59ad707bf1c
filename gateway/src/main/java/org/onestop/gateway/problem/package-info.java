/** RFC 9457 problem details for every answer the gateway itself gives: refusals, limits, unavailable services. */
package org.onestop.gateway.problem;

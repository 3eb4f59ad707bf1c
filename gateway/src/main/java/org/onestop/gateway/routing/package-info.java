/** The routes to the services, each with its circuit breaker, time limit and (for reads only) retries; the OpenAPI file. */
package org.onestop.gateway.routing;

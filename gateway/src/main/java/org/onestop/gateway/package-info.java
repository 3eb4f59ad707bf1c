/** The one public door of the suite: partner tokens, scopes, limits, resilience and audit in front of the services. */
package org.onestop.gateway;

/** The console's one way out: calls to the gateway's public API carrying the signed-in partner's token. */
package org.onestop.console.gateway;

/** The partners' web console: server-rendered pages that call the gateway's public API with the partner's own token. */
package org.onestop.console;

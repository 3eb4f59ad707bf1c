/** Signing in with the partner's client credentials, the server-side session holding its token, and sign-out. */
package org.onestop.console.session;

/** OAuth2 client-credentials tokens: the signing and verification keys, the token endpoint, the public JWK set. */
package org.onestop.gateway.token;

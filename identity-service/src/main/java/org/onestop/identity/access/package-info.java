/** What each partner may touch here, checked again after the gateway from its trust headers (docs/identity-api.md). */
package org.onestop.identity.access;

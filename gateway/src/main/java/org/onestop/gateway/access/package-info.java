/**
 * Who may do what: the edge checks (paths, smuggling, spoofed trust headers), token verification, per-partner scopes and
 * ownership, rate and size limits. Everything here runs before a request reaches a service.
 */
package org.onestop.gateway.access;

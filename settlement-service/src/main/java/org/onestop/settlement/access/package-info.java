/**
 * What each partner may touch, enforced here a second time (the gateway enforced it first): who the caller is, from
 * the gateway's trust headers ({@link org.onestop.events.Caller}), and the rules the controllers apply to it.
 */
package org.onestop.settlement.access;

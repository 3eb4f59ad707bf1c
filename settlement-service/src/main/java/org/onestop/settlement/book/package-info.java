/**
 * A person's book of surviving discharges and what was paid on each: the pure core of settlement. Every operation
 * (settle, cancel, a change of identities or grants) replays the book in discharge order with the policy engine and
 * returns the payments that make "paid" equal the replay again: the original payments of a new settlement, the
 * reversal of a cancelled one, and explicit adjustments (补付/追回) for every earlier settlement whose amounts differ.
 */
package org.onestop.settlement.book;

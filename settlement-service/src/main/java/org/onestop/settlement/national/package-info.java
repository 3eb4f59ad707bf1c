/** The national medical-insurance platform's transactions (2303, 2304, 2305, 2601, 5203, 5206) as an adapter over settle. */
package org.onestop.settlement.national;

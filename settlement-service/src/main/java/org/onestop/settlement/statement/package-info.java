/** The printable one-page statement (一单制结算单) a cashier hands the patient. */
package org.onestop.settlement.statement;

package org.onestop.settlement.book;

import java.util.List;
import org.onestop.events.SettlementCompleted;

/**
 * An event a book operation raises, with the payment lines it announces (stored with the event's id beside them).
 *
 * @param event the event for {@code settlement.completed.v1}
 * @param lines the payment lines it announces (none for a settlement that paid nothing)
 */
public record Announced(SettlementCompleted event, List<Payment> lines) {

    public Announced {
        lines = List.copyOf(lines);
    }
}

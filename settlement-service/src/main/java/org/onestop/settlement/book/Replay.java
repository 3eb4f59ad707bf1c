package org.onestop.settlement.book;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.onestop.policy.Ledger;
import org.onestop.policy.Settlement;

/**
 * The book settled afresh in discharge order.
 *
 * @param order       the surviving entries in replay order
 * @param settlements each entry's settlement, by settlement id
 * @param ledger      the person's ledger after the last discharge
 */
public record Replay(List<Entry> order, Map<UUID, Settlement> settlements, Ledger ledger) {
}

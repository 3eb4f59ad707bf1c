package org.onestop.settlement.settle;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.onestop.policy.Layer;
import org.onestop.policy.LayerPayment;
import org.onestop.policy.Money;
import org.onestop.policy.Settlement;
import org.onestop.settlement.book.Entry;
import org.onestop.settlement.book.PersonBook;
import org.onestop.settlement.book.Replay;

/**
 * A person's natural year (like NHSA 5206): per layer what was paid on the year's surviving discharges (original
 * plus adjustments), and, from the year's last settlement as the engine replays it now, the layer's cap and what
 * remains of it. {@code ledger} is the engine's accumulators of the year, for display.
 */
public record PersonYear(String personRef, int year, int discharges, String totalCost, String patientPays,
                         List<LayerYear> layers, Map<String, String> ledger) {

    /**
     * @param cap          the cap that applied at the year's last settlement (null: none)
     * @param capRemaining what remains of it after that settlement (null: no cap)
     */
    public record LayerYear(String layer, String name, String fundCode, String paid, String cap, String capRemaining, String clause) {
    }

    public static PersonYear of(String personRef, int year, PersonBook book) {
        Replay replay = book.replay();
        Map<Layer, Money> paid = new EnumMap<>(Layer.class);
        Map<Layer, LayerPayment> last = new EnumMap<>(Layer.class);
        Money total = Money.ZERO;
        Money patient = Money.ZERO;
        int n = 0;
        for (Entry e : replay.order()) {
            if (e.discharge().dischargeDate().getYear() != year) {
                continue;
            }
            n++;
            Settlement s = replay.settlements().get(e.settlementId());
            total = total.plus(e.discharge().totalCost());
            patient = patient.plus(s.patientPays());
            e.paid().forEach((layer, amount) -> paid.merge(layer, amount, Money::plus));
            for (LayerPayment p : s.layers()) {
                last.put(p.layer(), p);
            }
            for (LayerPayment p : s.grantsToPerson()) {
                last.put(p.layer(), p);
            }
        }
        List<LayerYear> layers = new ArrayList<>();
        for (Layer layer : Layer.values()) {
            LayerPayment p = last.get(layer);
            Money amount = paid.getOrDefault(layer, Money.ZERO);
            if (p == null && amount.isZero()) {
                continue;
            }
            layers.add(new LayerYear(layer.name(), p == null ? layer.chineseName() : p.name(), p == null ? null : p.fundCode(),
                    amount.toString(), p == null || p.cap() == null ? null : p.cap().toString(),
                    p == null || p.capRemaining() == null ? null : p.capRemaining().toString(), p == null ? null : p.clause()));
        }
        Map<String, String> ledger = new LinkedHashMap<>();
        replay.ledger().scope(Integer.toString(year)).forEach((k, v) -> ledger.put(k, v.toString()));
        return new PersonYear(personRef, year, n, total.toString(), patient.toString(), layers, ledger);
    }
}

package org.onestop.settlement.book;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.onestop.events.SettlementCompleted;
import org.onestop.events.SettlementCompleted.FundPayment;
import org.onestop.policy.Discharge;
import org.onestop.policy.Layer;
import org.onestop.policy.Money;
import org.onestop.policy.Settlement;

/**
 * Builds {@link SettlementCompleted} events from payment lines, for {@link PersonBook} alone (the one place events are
 * built): every amount is the change the event brings.
 */
final class Events {

    private Events() {
    }

    static SettlementCompleted of(SettlementCompleted.Kind kind, UUID settlementId, String personRef, Settlement s,
                                  String hospitalId, String hospitalRef, List<Payment> lines, String reason, UUID causeId,
                                  Instant now) {
        List<FundPayment> payments = new ArrayList<>();
        Money patient = Money.ZERO;
        Money insurance = Money.ZERO;
        for (Payment p : lines) {
            payments.add(new FundPayment(p.layer().name(), p.fundCode(), p.amount().toString()));
            if (p.layer() != Layer.CARE_GRANT) {
                patient = patient.minus(p.amount());
            }
            if (p.layer() == Layer.BASIC || p.layer() == Layer.CRITICAL_ILLNESS) {
                insurance = insurance.plus(p.amount());
            }
        }
        Discharge d = s.discharge();
        Money burden = Money.ZERO.minus(insurance);
        if (kind == SettlementCompleted.Kind.SETTLED) {
            patient = s.patientPays();
            burden = d.totalCost().minus(insurance);
        } else if (kind == SettlementCompleted.Kind.REVERSED) {
            // the lines are minus everything paid: the patient no longer bears (total - paid), nor the burden (total - insurance)
            patient = patient.minus(d.totalCost());
            burden = Money.ZERO.minus(d.totalCost()).minus(insurance);
        }
        return new SettlementCompleted(UUID.randomUUID(), kind, settlementId, personRef, d.regionCode(), s.policyVersion(),
                hospitalId, hospitalRef, d.admissionDate(), d.dischargeDate(), d.visitType().name(), d.insuranceType().name(),
                s.category(), d.totalCost().toString(), d.inScope().toString(), payments, patient.toString(), burden.toString(),
                reason, causeId, now);
    }
}

package org.onestop.settlement.settle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.onestop.policy.Discharge;

/**
 * A validated request: who, which hospital reference, and the engine's input. Holds no raw ID number.
 *
 * @param maskedIdNumber the masked number when the hospital sent one, else null
 * @param policyRegion   the policy region the region code lies in (e.g. {@code 360400})
 * @param patient        what the statement shows of the patient (masked name, sex, age, 住院号); never null
 */
public record DischargeForm(
        String hospitalId,
        String messageId,
        String hospitalSettlementRef,
        String personRef,
        String maskedIdNumber,
        String policyRegion,
        Discharge discharge,
        Patient patient) {

    public DischargeForm {
        patient = patient == null ? new Patient(null, null, null, null) : patient;
    }

    /** A form without patient details (the bulk topic's shape). */
    public DischargeForm(String hospitalId, String messageId, String hospitalSettlementRef, String personRef, String maskedIdNumber,
                         String policyRegion, Discharge discharge) {
        this(hospitalId, messageId, hospitalSettlementRef, personRef, maskedIdNumber, policyRegion, discharge, null);
    }

    /**
     * What makes two requests "the same content": the hospital, its reference, the person and every input of the
     * calculation; not the message id (a retry may carry a new one).
     */
    public String contentHash() {
        String canonical = hospitalId + '\u0000' + hospitalSettlementRef + '\u0000' + personRef + '\u0000' + discharge;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

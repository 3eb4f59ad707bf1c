package org.onestop.settlement.settle;

/** The hospital's message id or settlement reference is already used by a settlement with different content. */
public class SettlementConflictException extends RuntimeException {

    private final String field;

    public SettlementConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

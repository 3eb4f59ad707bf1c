package org.onestop.settlement.national;

/**
 * A transaction the national envelope answers with {@code infcode} -1: {@code err_msg} is the Chinese message, naming the
 * field at fault ({@code input.data.medfee_sumamt}, …) where there is one. Not a transport failure: those stay problems.
 */
public class NationalError extends RuntimeException {

    private final String field;

    public NationalError(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** The envelope field at fault, or null. */
    public String field() {
        return field;
    }
}

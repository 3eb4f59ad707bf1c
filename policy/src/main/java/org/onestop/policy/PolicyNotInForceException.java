package org.onestop.policy;

/** No policy covers the region on the date asked (unknown region, or a date before the first version). */
public final class PolicyNotInForceException extends RuntimeException {
    public PolicyNotInForceException(String message) {
        super(message);
    }
}

package org.onestop.settlement.settle;

/** No such settlement, application or person. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}

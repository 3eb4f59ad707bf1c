package org.onestop.console.gateway;

/** The gateway's token endpoint refused the client id and secret (or could not be reached: {@code status} 503). */
public class SignInRefusedException extends RuntimeException {

    private final int status;

    public SignInRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}

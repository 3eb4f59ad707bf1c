package org.onestop.whatif;

/**
 * A candidate policy that the policy's own loader refuses, or an override naming no parameter of the file: the
 * parameter at fault (the override's path as the caller wrote it, else the loader's field) and why.
 */
public final class CandidateException extends RuntimeException {

    private final String parameter;

    public CandidateException(String parameter, String problem) {
        super(parameter + ": " + problem);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}

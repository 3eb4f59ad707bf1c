package org.onestop.policy;

/** A policy file is invalid: the message names the file, the field (as a path) and what is wrong. */
public final class PolicyFileException extends RuntimeException {

    private final String file;
    private final String field;

    public PolicyFileException(String file, String field, String problem) {
        super(file + ": " + field + ": " + problem);
        this.file = file;
        this.field = field;
    }

    public String file() {
        return file;
    }

    public String field() {
        return field;
    }
}

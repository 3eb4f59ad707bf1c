package org.onestop.identity.batch.csv;

import java.util.List;

/** The file is not one of the accepted layouts (or is empty); answered with 400 before any row is stored. */
public final class CsvLayoutException extends RuntimeException {

    private final String code;
    private final List<String> expected;
    private final List<String> found;

    CsvLayoutException(String code, String message, List<String> expected, List<String> found) {
        super(message);
        this.code = code;
        this.expected = expected;
        this.found = found;
    }

    /** {@code CSV_EMPTY}, {@code CSV_NO_ROWS}, {@code CSV_COLUMNS} or {@code XLSX_UNREADABLE}. */
    public String code() {
        return code;
    }

    public List<String> expected() {
        return expected;
    }

    public List<String> found() {
        return found;
    }
}

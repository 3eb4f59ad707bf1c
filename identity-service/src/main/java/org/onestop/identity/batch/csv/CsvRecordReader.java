package org.onestop.identity.batch.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * RFC 4180 records from a character stream, one at a time, never holding more than one record: quoted fields
 * (with doubled quotes and line breaks inside), CR LF or LF. A record longer than {@code maxChars} is skipped to
 * the end of its line and reported as too long, so one bad row cannot exhaust memory.
 */
final class CsvRecordReader implements RowSource {

    /**
     * One record: its fields, or why it could not be read. {@code line} is the 1-based line where it starts (a
     * sheet's row number for XLSX). {@code numberCells}: the fields that were number cells in a spreadsheet (never
     * set for CSV, where every field is text).
     */
    record CsvRecord(int line, List<String> fields, Problem problem, BitSet numberCells) {
        CsvRecord(int line, List<String> fields, Problem problem) {
            this(line, fields, problem, new BitSet());
        }
    }

    enum Problem { TOO_LONG, UNCLOSED_QUOTE }

    private final Reader in;
    private final int maxChars;
    private char delimiter;
    private final char[] buf = new char[8192];
    private int pos;
    private int len;
    private int line = 1;

    CsvRecordReader(Reader in, int maxChars, char delimiter) {
        this.in = in;
        this.maxChars = maxChars;
        this.delimiter = delimiter;
    }

    void delimiter(char delimiter) {
        this.delimiter = delimiter;
    }

    private int read() throws IOException {
        if (pos == len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        return buf[pos++];
    }

    private int peek() throws IOException {
        if (pos == len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        return buf[pos];
    }

    /** The next record, or null at the end of the stream. */
    @Override
    public CsvRecord next() throws IOException {
        int startLine = line;
        List<String> fields = new ArrayList<>(12);
        StringBuilder field = new StringBuilder(32);
        int chars = 0;
        boolean inQuotes = false;
        boolean any = false;
        int c;
        while ((c = read()) != -1) {
            any = true;
            if (++chars > maxChars) {
                skipRestOfLine(c);
                return new CsvRecord(startLine, List.of(), Problem.TOO_LONG);
            }
            if (inQuotes) {
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        field.append('"');
                    } else {
                        inQuotes = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == '"' && field.isEmpty()) {
                inQuotes = true;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                if (peek() == '\n') {
                    read();
                }
                line++;
                fields.add(field.toString());
                return new CsvRecord(startLine, fields, null);
            } else if (c == '\n') {
                line++;
                fields.add(field.toString());
                return new CsvRecord(startLine, fields, null);
            } else {
                field.append((char) c);
            }
        }
        if (!any) {
            return null;
        }
        if (inQuotes) {
            return new CsvRecord(startLine, List.of(), Problem.UNCLOSED_QUOTE);
        }
        fields.add(field.toString());
        return new CsvRecord(startLine, fields, null);
    }

    private void skipRestOfLine(int c) throws IOException {
        while (c != -1 && c != '\n' && c != '\r') {
            c = read();
        }
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

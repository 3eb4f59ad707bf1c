package org.onestop.enrollment.subsidy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Rows in PostgreSQL's {@code COPY … FROM STDIN} text format: columns separated by a tab, rows ended by a newline,
 * {@code \N} for null, and backslash, tab, newline and carriage return escaped. Built in memory for one batch (the same writer as identity-service's, copied: services share no code but the events).
 */
final class CopyText {

    private final StringBuilder text;
    private boolean rowStarted;

    CopyText(int expectedChars) {
        this.text = new StringBuilder(expectedChars);
    }

    CopyText col(Object value) {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
        if (value == null) {
            text.append("\\N");
            return this;
        }
        String s = value.toString();
        int n = s.length();
        int first = 0;
        while (first < n && !special(s.charAt(first))) {
            first++;
        }
        if (first == n) {
            text.append(s);
            return this;
        }
        text.append(s, 0, first);
        for (int i = first; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return this;
    }

    private static boolean special(char c) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r';
    }

    CopyText endRow() {
        text.append('\n');
        rowStarted = false;
        return this;
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    ByteBuf toByteBuf() {
        return Unpooled.wrappedBuffer(text.toString().getBytes(StandardCharsets.UTF_8));
    }
}

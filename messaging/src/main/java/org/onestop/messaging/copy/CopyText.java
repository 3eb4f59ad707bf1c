package org.onestop.messaging.copy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Rows in PostgreSQL's {@code COPY … FROM STDIN} text format: columns separated by a tab, rows ended by a newline,
 * {@code \N} for null, and backslash, tab, newline and carriage return escaped. Built in memory for one chunk.
 */
public final class CopyText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder text;
    private boolean rowStarted;

    public CopyText(int expectedChars) {
        this.text = new StringBuilder(expectedChars);
    }

    public CopyText col(Object value) {
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

    /** A {@code bytea} column: PostgreSQL's hex form {@code \\x…}, its backslash escaped for the text format. */
    public CopyText col(byte[] value) {
        if (value == null) {
            return col((Object) null);
        }
        StringBuilder hex = new StringBuilder(2 + value.length * 2).append("\\\\x");
        for (byte b : value) {
            hex.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
        text.append(hex);
        return this;
    }

    private static boolean special(char c) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r';
    }

    public CopyText endRow() {
        text.append('\n');
        rowStarted = false;
        return this;
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    public ByteBuf toByteBuf() {
        return Unpooled.wrappedBuffer(text.toString().getBytes(StandardCharsets.UTF_8));
    }
}

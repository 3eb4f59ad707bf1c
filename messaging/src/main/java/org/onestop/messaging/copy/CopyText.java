package org.onestop.messaging.copy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's {@code COPY … FROM STDIN} text format: columns separated by a tab, rows ended by a newline,
 * {@code \N} for null, and backslash, tab, newline and carriage return escaped. Built in memory for one chunk, as UTF-8
 * bytes written straight into one array: the bulk writers' profiles (roster, bulk settle, enrollment) showed the
 * earlier {@code StringBuilder} switching to two bytes a character at the first Chinese name, checking every index, and
 * copying the whole text twice more to encode it.
 */
public final class CopyText {

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private byte[] bytes;
    private int length;
    private boolean rowStarted;

    /** @param expectedBytes the size to start with (it grows as needed) */
    public CopyText(int expectedBytes) {
        this.bytes = new byte[Math.max(64, expectedBytes)];
    }

    public CopyText col(Object value) {
        if (value == null) {
            separate(2);
            bytes[length++] = '\\';
            bytes[length++] = 'N';
            return this;
        }
        String s = value.toString();
        int n = s.length();
        // at most 3 bytes a char: an escape is 2, UTF-8 is ≤ 3 for one char and 4 for a surrogate pair (2 chars)
        separate(3 * n);
        byte[] b = bytes;
        int at = length;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> { b[at++] = '\\'; b[at++] = '\\'; }
                    case '\t' -> { b[at++] = '\\'; b[at++] = 't'; }
                    case '\n' -> { b[at++] = '\\'; b[at++] = 'n'; }
                    case '\r' -> { b[at++] = '\\'; b[at++] = 'r'; }
                    default -> b[at++] = (byte) c;
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[at++] = (byte) (0xF0 | (cp >> 18));
                    b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[at++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    b[at++] = '?'; // a lone surrogate: what String.getBytes(UTF_8) writes for it
                }
            } else {
                b[at++] = (byte) (0xE0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        length = at;
        return this;
    }

    /** A {@code bytea} column: PostgreSQL's hex form {@code \\x…}, its backslash escaped for the text format. */
    public CopyText col(byte[] value) {
        if (value == null) {
            return col((Object) null);
        }
        separate(3 + 2 * value.length);
        byte[] b = bytes;
        int at = length;
        b[at++] = '\\';
        b[at++] = '\\';
        b[at++] = 'x';
        for (byte v : value) {
            b[at++] = HEX[(v >> 4) & 0xF];
            b[at++] = HEX[v & 0xF];
        }
        length = at;
        return this;
    }

    /** The tab before a row's second and later columns, and room for {@code more} bytes after it. */
    private void separate(int more) {
        int need = length + more + 1;
        if (need > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, need));
        }
        if (rowStarted) {
            bytes[length++] = '\t';
        }
        rowStarted = true;
    }

    public CopyText endRow() {
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        bytes[length++] = '\n';
        rowStarted = false;
        return this;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** The rows written so far (the buffer itself, not a copy: write no more once it is handed over). */
    public ByteBuf toByteBuf() {
        return Unpooled.wrappedBuffer(bytes, 0, length);
    }
}

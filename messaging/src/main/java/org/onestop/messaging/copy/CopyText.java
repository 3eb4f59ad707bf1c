package org.onestop.messaging.copy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's {@code COPY … FROM STDIN} text format: columns separated by a tab, rows ended by a newline,
 * {@code \N} for null, and backslash, tab, newline and carriage return escaped. Built in memory for one chunk, as the
 * UTF-8 bytes sent: a {@code StringBuilder} turned into bytes at the end copied every row twice more and, once one
 * Chinese value had made it UTF-16, widened every hex digit of the payloads (issue 17's profile of the roster).
 */
public final class CopyText {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int length;
    private boolean rowStarted;

    public CopyText(int expectedChars) {
        this.bytes = new byte[Math.max(16, expectedChars)];
    }

    public CopyText col(Object value) {
        separate();
        if (value == null) {
            put((byte) '\\');
            put((byte) 'N');
            return this;
        }
        String s = value.toString();
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                // a run of non-ASCII characters (none is special): encoded together, so surrogate pairs stay whole
                int end = i + 1;
                while (end < n && s.charAt(end) >= 0x80) {
                    end++;
                }
                byte[] utf8 = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                ensure(utf8.length + n - end);
                System.arraycopy(utf8, 0, bytes, length, utf8.length);
                length += utf8.length;
                i = end - 1;
                continue;
            }
            switch (c) {
                case '\\' -> escape('\\');
                case '\t' -> escape('t');
                case '\n' -> escape('n');
                case '\r' -> escape('r');
                default -> put((byte) c);
            }
        }
        return this;
    }

    /** A {@code bytea} column: PostgreSQL's hex form {@code \\x…}, its backslash escaped for the text format. */
    public CopyText col(byte[] value) {
        if (value == null) {
            return col((Object) null);
        }
        separate();
        ensure(3 + value.length * 2);
        bytes[length++] = '\\';
        bytes[length++] = '\\';
        bytes[length++] = 'x';
        for (byte b : value) {
            bytes[length++] = HEX[(b >> 4) & 0xF];
            bytes[length++] = HEX[b & 0xF];
        }
        return this;
    }

    public CopyText endRow() {
        put((byte) '\n');
        rowStarted = false;
        return this;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** The rows as UTF-8, a fresh buffer over them on every call (the driver may release what it is given). */
    public ByteBuf toByteBuf() {
        return Unpooled.wrappedBuffer(bytes, 0, length);
    }

    private void separate() {
        if (rowStarted) {
            put((byte) '\t');
        }
        rowStarted = true;
    }

    private void escape(char c) {
        ensure(2);
        bytes[length++] = '\\';
        bytes[length++] = (byte) c;
    }

    private void put(byte b) {
        if (length == bytes.length) {
            ensure(1);
        }
        bytes[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}

package org.onestop.identity.batch.csv;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.CharBuffer;

/**
 * Guesses the encoding of a spreadsheet export from its first bytes: a byte-order mark wins; otherwise text that
 * decodes as strict UTF-8 is UTF-8; otherwise GB18030 (a superset of GBK and GB2312, what Chinese Excel writes).
 */
public final class CharsetDetector {

    public static final Charset GB18030 = Charset.forName("GB18030");

    /** The encoding and how many leading bytes (the BOM) to skip. */
    public record Detected(Charset charset, int bomLength) {
    }

    private CharsetDetector() {
    }

    public static Detected detect(byte[] head, int length) {
        if (length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            return new Detected(StandardCharsets.UTF_8, 3);
        }
        if (length >= 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE) {
            return new Detected(StandardCharsets.UTF_16LE, 2);
        }
        if (length >= 2 && (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF) {
            return new Detected(StandardCharsets.UTF_16BE, 2);
        }
        if (length >= 4 && (head[0] & 0xff) == 0x84 && (head[1] & 0xff) == 0x31 && (head[2] & 0xff) == 0x95
                && (head[3] & 0xff) == 0x33) {
            return new Detected(GB18030, 4);
        }
        return new Detected(isStrictUtf8(head, length) ? StandardCharsets.UTF_8 : GB18030, 0);
    }

    /** Strict decode; a multi-byte sequence cut by the end of the sample is not held against it. */
    static boolean isStrictUtf8(byte[] head, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(head, 0, length);
        CharBuffer out = CharBuffer.allocate(length + 1);
        CoderResult result = decoder.decode(in, out, false);
        if (result.isError()) {
            return false;
        }
        // Underflow with bytes left means an incomplete sequence at the very end of the sample: fine.
        return in.remaining() < 4;
    }

    /** The charset named by a request parameter, accepting the spellings clerks' systems send (GBK, gb2312, utf8). */
    public static Charset named(String name) {
        String n = name.strip().toUpperCase(java.util.Locale.ROOT).replace("_", "-");
        return switch (n) {
            case "UTF8", "UTF-8" -> StandardCharsets.UTF_8;
            case "GBK", "GB2312", "GB-2312", "CP936", "GB18030" -> GB18030;
            default -> Charset.forName(name.strip());
        };
    }

}

package org.onestop.messaging.limit;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The problem every size refusal answers: status 413, {@code type} {@value #TYPE}, {@code code} {@value #CODE},
 * {@code limitBytes} the limit that was exceeded, and a detail that says it in MB or KB ("至多 16 MB").
 */
public final class PayloadTooLarge {

    public static final String CODE = "payload-too-large";
    public static final String TYPE = "/problems/" + CODE;
    /** The member naming the limit, in bytes. */
    public static final String LIMIT = "limitBytes";

    private static final long KB = 1024;
    private static final long MB = KB * KB;

    private PayloadTooLarge() {
    }

    /** {@code 请求体过大,此接口至多 16 MB (…)}: the limit in the largest unit that divides it, else in bytes. */
    public static String detail(long limitBytes) {
        String limit = words(limitBytes);
        return "请求体过大,此接口至多 " + limit + " (the body is over this route's limit of " + limit
                + "; send several smaller batches)";
    }

    /** 16 MB, 256 KB, or 1000 bytes: exact, never rounded (a rounded limit would be a lie by up to a unit). */
    public static String words(long bytes) {
        if (bytes >= MB && bytes % MB == 0) {
            return bytes / MB + " MB";
        }
        if (bytes >= KB && bytes % KB == 0) {
            return bytes / KB + " KB";
        }
        return bytes + " bytes";
    }

    public static ProblemDetail problem(long limitBytes) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, detail(limitBytes));
        p.setType(URI.create(TYPE));
        p.setProperty("code", CODE);
        p.setProperty(LIMIT, limitBytes);
        return p;
    }

    public static ResponseEntity<ProblemDetail> response(long limitBytes) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(limitBytes));
    }
}

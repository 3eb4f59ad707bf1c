package org.onestop.messaging.dependency;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The one answer a service gives when PostgreSQL or Kafka missed its deadline: RFC 9457 problem details in the suite's
 * shape ({@code type} {@value #TYPE}, {@code code} {@value #CODE}) with status 503 and a {@code Retry-After} header.
 * The request may or may not have been applied (a commit can be in flight when the deadline passes); every write the
 * suite takes is idempotent by its message or event id, so sending the same request again is safe.
 */
public final class ServiceUnavailable {

    public static final String CODE = "dependency-unavailable";
    public static final String TYPE = "/problems/" + CODE;
    static final String DETAIL = "依赖暂不可用,请稍后以相同报文重试 (the database or the message broker did not answer within "
            + "the deadline; retry the same request after Retry-After seconds, it is never applied twice)";

    private ServiceUnavailable() {
    }

    public static ProblemDetail problem() {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, DETAIL);
        p.setType(URI.create(TYPE));
        p.setProperty("code", CODE);
        return p;
    }

    public static ResponseEntity<ProblemDetail> response(DependencyDeadlines deadlines) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(deadlines.retryAfterSeconds())).body(problem());
    }

    /** The problem as the JSON members Spring writes for a {@link ProblemDetail}, for writers outside MVC's codecs. */
    static Map<String, Object> members(String instance) {
        ProblemDetail p = problem();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", p.getType().toString());
        m.put("title", p.getTitle());
        m.put("status", p.getStatus());
        m.put("detail", p.getDetail());
        m.put("instance", instance);
        m.put("code", CODE);
        return m;
    }
}

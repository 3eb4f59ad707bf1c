package org.onestop.identity.batch.web;

import java.net.URI;
import org.onestop.events.Caller;
import org.onestop.identity.access.AccessDeniedException;
import org.onestop.identity.batch.BatchContentDiffersException;
import org.onestop.identity.batch.csv.CsvLayoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Every bad request as RFC 9457 problem details ({@code application/problem+json}); {@code type} is
 * {@code /problems/<code>}, the same code as the {@code code} property. Framework errors (malformed JSON,
 * unsupported media type, unknown route) keep the framework's status and gain the same shape. Applies to every
 * controller of the service (batches and persons), including its partner-access refusals (403, 400 invalid-caller).
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(BatchRequestException.class)
    ResponseEntity<ProblemDetail> batchRequest(BatchRequestException e) {
        ProblemDetail p = problem(e.status(), e.code(), e.getMessage());
        e.properties().forEach(p::setProperty);
        return ResponseEntity.status(e.status()).body(p);
    }

    /**
     * A used reference with other content: 409, saying how to send a correction (issue 15). The earlier batch is
     * named so the clerk can compare; nothing of the new content is echoed (it may hold ID numbers).
     */
    @ExceptionHandler(BatchContentDiffersException.class)
    ResponseEntity<ProblemDetail> contentDiffers(BatchContentDiffersException e) {
        String earlier = "/api/v1/identity/batches/" + e.earlierBatchId();
        ProblemDetail p = problem(HttpStatus.CONFLICT, "batch-content-differs",
                "批次编号已用于内容不同的批次,本次未保存。更正请只报送更正的行,并使用新的批次编号 (departmentReference "
                        + e.departmentReference() + " was already used for batch " + e.earlierBatchId()
                        + " with different content; nothing was stored. To correct rows, send the corrected rows as a new"
                        + " batch under a new departmentReference; the earlier report stays at " + earlier + ")");
        p.setProperty("departmentReference", e.departmentReference());
        p.setProperty("earlierBatchId", e.earlierBatchId());
        p.setProperty("earlierBatch", earlier);
        return ResponseEntity.status(HttpStatus.CONFLICT).body(p);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> accessDenied(AccessDeniedException e) {
        ProblemDetail p = problem(HttpStatus.FORBIDDEN, e.code(), e.getMessage());
        e.properties().forEach(p::setProperty);
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(p);
    }

    /** The internal token names a department without its department or a 6-digit area: refused. */
    @ExceptionHandler(Caller.InvalidCallerException.class)
    ResponseEntity<ProblemDetail> invalidCaller(Caller.InvalidCallerException e) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "invalid-caller",
                "调用方信息无效 (the internal token's caller claims are not valid: " + e.getMessage() + ")"));
    }

    @ExceptionHandler(CsvLayoutException.class)
    ResponseEntity<ProblemDetail> csvLayout(CsvLayoutException e) {
        String code = switch (e.code()) {
            case "CSV_EMPTY" -> "csv-empty";
            case "CSV_NO_ROWS" -> "csv-no-rows";
            case "XLSX_UNREADABLE" -> "xlsx-unreadable";
            default -> "csv-columns";
        };
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, code, e.getMessage());
        p.setProperty("expectedColumns", e.expected());
        p.setProperty("rosterColumns", org.onestop.identity.batch.csv.ShanxiCsvReader.ROSTER_COLUMNS);
        if (!e.found().isEmpty() && e.found().stream().allMatch(ProblemHandler::printable)) {
            p.setProperty("foundColumns", e.found());
        }
        return ResponseEntity.badRequest().body(p);
    }

    /**
     * A header cell worth echoing: no control characters and no U+FFFD. A binary file sent as CSV (a ZIP, an old
     * .xls) decodes to exactly these, and echoing it would put the file's bytes into the answer.
     */
    private static boolean printable(String cell) {
        return cell.chars().noneMatch(c -> c == 0xFFFD || (Character.isISOControl(c) && c != '\t'));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "malformed-request",
                "请求格式错误 (the body could not be read: " + safeReason(ex) + ")");
        return Mono.just(ResponseEntity.badRequest().body(p));
    }

    /**
     * A body the codecs cannot read that reaches a handler undecoded (a multipart upload whose boundary is not the
     * declared one, decoded lazily by {@code @RequestPart}): the client's mistake, nothing was stored.
     */
    @ExceptionHandler(DecodingException.class)
    ResponseEntity<ProblemDetail> undecodable(DecodingException e) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "malformed-request",
                "请求格式错误 (the body could not be read: " + e.getClass().getSimpleName() + ")"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error ({})", e.getClass().getName(), e);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                "服务内部错误,批次未保存 (internal error; nothing was stored, the request may be retried)"));
    }

    /** The framework's reason without echoing the body (it may hold ID numbers). */
    private static String safeReason(ServerWebInputException ex) {
        String reason = ex.getReason();
        return reason == null ? "invalid input" : reason;
    }

    static ProblemDetail problem(HttpStatusCode status, String code, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("/problems/" + code));
        p.setProperty("code", code);
        return p;
    }
}

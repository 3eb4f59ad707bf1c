package org.onestop.monitoring.warning.web;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.onestop.events.Caller;
import org.onestop.events.FreeText;
import org.onestop.monitoring.warning.WarningQueries;
import org.onestop.monitoring.warning.WarningView;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/monitoring/warnings}: open warnings by region, department, line and age; one warning; a department's
 * acknowledgement; the monthly list per department as CSV (UTF-8 with BOM, so Excel opens the Chinese columns).
 */
@RestController
@RequestMapping("/api/v1/monitoring/warnings")
class WarningController {

    private static final Set<String> STATUSES = Set.of("OPEN", "ACKNOWLEDGED", "RESOLVED");

    private final WarningQueries queries;

    WarningController(WarningQueries queries) {
        this.queries = queries;
    }

    /**
     * @param region     a policy region or any code inside it (210102 → 210000)
     * @param status     comma-separated; default {@code OPEN,ACKNOWLEDGED} (not yet resolved)
     * @param minAgeDays raised at least this many whole days ago
     * @param maxAgeDays raised at most this many whole days ago
     */
    @GetMapping
    Flux<WarningView> find(@RequestParam(required = false) String region, @RequestParam(required = false) String department,
                           @RequestParam(required = false) String line, @RequestParam(required = false) String status,
                           @RequestParam(required = false) Integer minAgeDays, @RequestParam(required = false) Integer maxAgeDays,
                           @RequestParam(defaultValue = "500") int limit, @AuthenticationPrincipal Jwt token) {
        Caller caller = PartnerScope.caller(token);
        WarningQueries.Scope scope = PartnerScope.readScope(caller);
        for (String[] p : new String[][] {{"region", region}, {"department", department}, {"line", line}, {"status", status}}) {
            checkNoNul(p[0], p[1]);
        }
        department = PartnerScope.department(caller, department);
        String policyRegion = null;
        if (region != null) {
            policyRegion = queries.policyRegion(region).orElseThrow(() -> new BadRequest("region",
                    "no policy region covers " + region + " (use a 6-digit GB/T 2260 code)"));
        }
        if (department != null && !WarningQueries.isDepartment(department)) {
            throw new BadRequest("department", "unknown department " + department);
        }
        Set<String> statuses = new LinkedHashSet<>(status == null ? List.of("OPEN", "ACKNOWLEDGED")
                : Arrays.stream(status.split(",")).map(String::trim).map(String::toUpperCase).toList());
        if (!STATUSES.containsAll(statuses)) {
            throw new BadRequest("status", "status must be OPEN, ACKNOWLEDGED or RESOLVED");
        }
        if (minAgeDays != null && minAgeDays < 0 || maxAgeDays != null && maxAgeDays < 0) {
            throw new BadRequest("minAgeDays", "ages are whole days, not negative");
        }
        if (limit < 1 || limit > 10_000) {
            throw new BadRequest("limit", "limit must be 1–10000");
        }
        return queries.find(new WarningQueries.Filter(policyRegion, department, line, statuses, minAgeDays, maxAgeDays, limit),
                scope);
    }

    /** 404 for a warning the caller may not see, exactly as for one that does not exist. */
    @GetMapping("/{id}")
    Mono<WarningView> get(@PathVariable UUID id, @AuthenticationPrincipal Jwt token) {
        WarningQueries.Scope scope = PartnerScope.readScope(PartnerScope.caller(token));
        return queries.get(id, scope).switchIfEmpty(Mono.error(() -> new NotFound(id)));
    }

    /**
     * Body: {@code {"department": "CIVIL_AFFAIRS", "note": "…"}}. 200 with the warning; 409 when not routed there. Only a
     * department acknowledges, for its own department only: the body may omit {@code department}
     * (and may be absent), naming another is 403 {@code not-your-department}, and a warning not routed to it or outside
     * its area is 404. Other partner types may not acknowledge (403).
     */
    @PostMapping("/{id}/acknowledge")
    Mono<WarningView> acknowledge(@PathVariable UUID id, @RequestBody(required = false) Acknowledgement body,
                                  @AuthenticationPrincipal Jwt token) {
        Caller caller = PartnerScope.caller(token);
        WarningQueries.Scope scope = PartnerScope.readScope(caller);
        if (!caller.is(Caller.Type.DEPARTMENT)) {
            throw PartnerScope.notAllowed(caller);
        }
        String department = PartnerScope.department(caller, body == null ? null : body.department());
        String note = body == null ? null : body.note();
        if (department == null || !WarningQueries.isDepartment(department)) {
            throw new BadRequest("department", "department is required: CIVIL_AFFAIRS, RURAL_REVITALIZATION or VETERANS_AFFAIRS");
        }
        if (note != null && note.length() > 500) {
            throw new BadRequest("note", "note is at most 500 characters");
        }
        checkFreeText("note", note);
        return queries.acknowledge(id, department, note, scope).flatMap(result -> switch (result) {
            case NOT_FOUND -> Mono.error(new NotFound(id));
            case NOT_ROUTED -> Mono.error(new NotRouted(id, department));
            default -> queries.get(id, scope);
        });
    }

    record Acknowledgement(String department, String note) {
    }

    /** The monthly list (医保部门每月推送, Yantai 四(九)): warnings routed to the department and raised in the month. */
    @GetMapping(value = "/monthly.csv", produces = "text/csv")
    ResponseEntity<Flux<DataBuffer>> monthly(@RequestParam(required = false) String department, @RequestParam String month,
                                             ServerWebExchange exchange, @AuthenticationPrincipal Jwt token) {
        Caller caller = PartnerScope.caller(token);
        WarningQueries.Scope scope = PartnerScope.readScope(caller);
        department = PartnerScope.department(caller, department);
        if (!WarningQueries.isDepartment(department)) {
            throw new BadRequest("department", "unknown department " + department);
        }
        YearMonth ym;
        try {
            ym = YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new BadRequest("month", "month is yyyy-MM");
        }
        DataBufferFactory buffers = exchange.getResponse().bufferFactory();
        Flux<DataBuffer> body = Flux.concat(
                Flux.just(WarningCsv.BOM + WarningCsv.HEADER),
                queries.monthly(department, ym, scope).map(WarningCsv::line))
                .map(text -> buffers.wrap(text.getBytes(StandardCharsets.UTF_8)));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"warnings-" + department + "-" + ym + ".csv\"")
                .body(body);
    }

    /** A department's note is stored and shown to others as typed: no ID number, no NUL ({@link FreeText}). */
    private static void checkFreeText(String field, String value) {
        FreeText.check(value).ifPresent(problem -> {
            throw new BadRequest(field, problem == FreeText.Problem.NUL ? "U+0000 is not allowed in text"
                    : field + " must not contain an ID number (" + problem.chinese() + ")");
        });
    }

    /** PostgreSQL text cannot hold U+0000: a parameter carrying it is the caller's mistake (400), never a 500. */
    private static void checkNoNul(String field, String value) {
        if (FreeText.containsNul(value)) {
            throw new BadRequest(field, "U+0000 is not allowed in text");
        }
    }

    // ---------------------------------------------------------------- problems (RFC 9457)

    static final class BadRequest extends org.springframework.web.ErrorResponseException {
        BadRequest(String field, String detail) {
            super(HttpStatus.BAD_REQUEST, problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", detail,
                    Map.of("parameter", field)), null);
        }
    }

    static final class NotFound extends org.springframework.web.ErrorResponseException {
        NotFound(UUID id) {
            super(HttpStatus.NOT_FOUND, problem(HttpStatus.NOT_FOUND, "warning-not-found", "Warning not found",
                    "no warning " + id, Map.of()), null);
        }
    }

    static final class NotRouted extends org.springframework.web.ErrorResponseException {
        NotRouted(UUID id, String department) {
            super(HttpStatus.CONFLICT, problem(HttpStatus.CONFLICT, "not-routed", "Warning not routed to this department",
                    "warning " + id + " was not routed to " + department, Map.of("department", department)), null);
        }
    }

    static ProblemDetail problem(HttpStatus status, String type, String title, String detail, Map<String, Object> extra) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(java.net.URI.create("https://onestop.example/problems/" + type));
        p.setTitle(title);
        extra.forEach(p::setProperty);
        return p;
    }
}

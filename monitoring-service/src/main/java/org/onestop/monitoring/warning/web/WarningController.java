package org.onestop.monitoring.warning.web;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.onestop.events.Caller;
import org.onestop.events.FreeText;
import org.onestop.events.PersonRef;
import org.onestop.monitoring.warning.WarningQueries;
import org.onestop.monitoring.warning.WarningView;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
    private static final Set<String> LIST_PARAMETERS = Set.of("region", "department", "line", "status", "personRef",
            "county", "month", "minAgeDays", "maxAgeDays", "limit", "offset");

    private final WarningQueries queries;

    WarningController(WarningQueries queries) {
        this.queries = queries;
    }

    /**
     * The worklist. Every parameter is optional; one the list does not know is refused (400 {@code unknown-parameter}
     * naming it), never ignored.
     *
     * @param region     a policy region or any code inside it (210102 → 210000)
     * @param personRef  one person (64 lowercase hex)
     * @param status     comma-separated; default {@code OPEN,ACKNOWLEDGED} (not yet resolved)
     * @param line       a line id of the policy files ({@code relapse})
     * @param county     a 6-digit area: warnings whose area ({@code regionCode}) lies in it (360402 the county,
     *                   360400 the whole city)
     * @param month      raised in this month, {@code yyyy-MM} (UTC)
     * @param minAgeDays raised at least this many whole days ago
     * @param maxAgeDays raised at most this many whole days ago
     * @param offset     skip this many of the matching warnings (oldest first, by raised time then id), for paging
     *                   with {@code limit}; default 0
     */
    @GetMapping
    Flux<WarningView> find(@RequestParam(required = false) String region, @RequestParam(required = false) String department,
                           @RequestParam(required = false) String line, @RequestParam(required = false) String status,
                           @RequestParam(required = false) String personRef, @RequestParam(required = false) String county,
                           @RequestParam(required = false) String month,
                           @RequestParam(required = false) Integer minAgeDays, @RequestParam(required = false) Integer maxAgeDays,
                           @RequestParam(defaultValue = "500") int limit, @RequestParam(defaultValue = "0") int offset,
                           ServerWebExchange exchange,
                           @AuthenticationPrincipal Jwt token) {
        onlyParameters(exchange, LIST_PARAMETERS);
        Caller caller = PartnerScope.caller(token);
        WarningQueries.Scope scope = PartnerScope.readScope(caller);
        for (String[] p : new String[][] {{"region", region}, {"department", department}, {"line", line}, {"status", status},
                {"personRef", personRef}, {"county", county}, {"month", month}}) {
            checkNoNul(p[0], p[1]);
        }
        department = PartnerScope.department(caller, department);
        String policyRegion = null;
        if (region != null) {
            policyRegion = queries.policyRegion(region).orElseThrow(() -> Refused.badRequest("region",
                    "no policy region covers " + region + " (use a 6-digit GB/T 2260 code)"));
        }
        if (department != null && !WarningQueries.isDepartment(department)) {
            throw Refused.badRequest("department", "unknown department " + department);
        }
        Set<String> statuses = new LinkedHashSet<>(status == null ? List.of("OPEN", "ACKNOWLEDGED")
                : Arrays.stream(status.split(",")).map(String::trim).map(String::toUpperCase).toList());
        if (!STATUSES.containsAll(statuses)) {
            throw Refused.badRequest("status", "status must be OPEN, ACKNOWLEDGED or RESOLVED");
        }
        if (personRef != null && !PersonRef.isValid(personRef)) {
            throw Refused.badRequest("personRef", "personRef is 64 lowercase hex characters");
        }
        if (county != null && !county.matches("\\d{6}")) {
            throw Refused.badRequest("county", "county is a 6-digit GB/T 2260 code");
        }
        YearMonth inMonth = month == null ? null : yearMonth(month);
        if (minAgeDays != null && minAgeDays < 0) {
            throw Refused.badRequest("minAgeDays", "ages are whole days, not negative");
        }
        if (maxAgeDays != null && maxAgeDays < 0) {
            throw Refused.badRequest("maxAgeDays", "ages are whole days, not negative");
        }
        if (limit < 1 || limit > 10_000) {
            throw Refused.badRequest("limit", "limit must be 1–10000");
        }
        if (offset < 0) {
            throw Refused.badRequest("offset", "offset is a count of warnings to skip, not negative");
        }
        return queries.find(new WarningQueries.Filter(policyRegion, department, line, statuses, minAgeDays, maxAgeDays,
                personRef, Caller.regionPrefix(county), inMonth, limit, offset), scope);
    }

    /** 404 for a warning the caller may not see, exactly as for one that does not exist. */
    @GetMapping("/{id}")
    Mono<WarningView> get(@PathVariable UUID id, ServerWebExchange exchange, @AuthenticationPrincipal Jwt token) {
        onlyParameters(exchange, Set.of());
        WarningQueries.Scope scope = PartnerScope.readScope(PartnerScope.caller(token));
        return queries.get(id, scope).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /**
     * Body: {@code {"department": "CIVIL_AFFAIRS", "note": "…"}}. 200 with the warning; 409 when not routed there. Only a
     * department acknowledges, for its own department only: the body may omit {@code department}
     * (and may be absent), naming another is 403 {@code not-your-department}, and a warning not routed to it or outside
     * its area is 404. Other partner types may not acknowledge (403).
     */
    @PostMapping("/{id}/acknowledge")
    Mono<WarningView> acknowledge(@PathVariable UUID id, @RequestBody(required = false) Acknowledgement body,
                                  ServerWebExchange exchange, @AuthenticationPrincipal Jwt token) {
        onlyParameters(exchange, Set.of());
        Caller caller = PartnerScope.caller(token);
        WarningQueries.Scope scope = PartnerScope.readScope(caller);
        if (!caller.is(Caller.Type.DEPARTMENT)) {
            throw PartnerScope.notAllowed(caller);
        }
        String department = PartnerScope.department(caller, body == null ? null : body.department());
        String note = body == null ? null : body.note();
        if (department == null || !WarningQueries.isDepartment(department)) {
            throw Refused.badRequest("department",
                    "department is required: CIVIL_AFFAIRS, RURAL_REVITALIZATION or VETERANS_AFFAIRS");
        }
        if (note != null && note.length() > 500) {
            throw Refused.badRequest("note", "note is at most 500 characters");
        }
        checkFreeText("note", note);
        return queries.acknowledge(id, department, note, scope).flatMap(result -> switch (result) {
            case NOT_FOUND -> Mono.error(notFound(id));
            case NOT_ROUTED -> Mono.error(new Refused(HttpStatus.CONFLICT, "not-routed",
                    "warning " + id + " was not routed to " + department, "department"));
            default -> queries.get(id, scope);
        });
    }

    record Acknowledgement(String department, String note) {
    }

    /** The monthly list (医保部门每月推送, Yantai 四(九)): warnings routed to the department and raised in the month. */
    @GetMapping(value = "/monthly.csv", produces = "text/csv")
    ResponseEntity<Flux<DataBuffer>> monthly(@RequestParam(required = false) String department, @RequestParam String month,
                                             ServerWebExchange exchange, @AuthenticationPrincipal Jwt token) {
        onlyParameters(exchange, Set.of("department", "month"));
        Caller caller = PartnerScope.caller(token);
        WarningQueries.Scope scope = PartnerScope.readScope(caller);
        department = PartnerScope.department(caller, department);
        if (!WarningQueries.isDepartment(department)) {
            throw Refused.badRequest("department", "unknown department " + department);
        }
        YearMonth ym = yearMonth(month);
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
            throw Refused.badRequest(field, problem == FreeText.Problem.NUL ? "U+0000 is not allowed in text"
                    : field + " must not contain an ID number (" + problem.chinese() + ")");
        });
    }

    /** PostgreSQL text cannot hold U+0000: a parameter carrying it is the caller's mistake (400), never a 500. */
    private static void checkNoNul(String field, String value) {
        if (FreeText.containsNul(value)) {
            throw Refused.badRequest(field, "U+0000 is not allowed in text");
        }
    }

    private static YearMonth yearMonth(String month) {
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw Refused.badRequest("month", "month is yyyy-MM");
        }
    }

    /**
     * A query parameter the endpoint does not know is the caller's mistake (a misspelt filter would otherwise return
     * the whole list as if it had applied): 400 {@code unknown-parameter} naming it.
     */
    private static void onlyParameters(ServerWebExchange exchange, Set<String> known) {
        for (String name : exchange.getRequest().getQueryParams().keySet()) {
            if (!known.contains(name)) {
                throw new Refused(HttpStatus.BAD_REQUEST, "unknown-parameter", "unknown query parameter " + name
                        + (known.isEmpty() ? " (this endpoint takes none)" : " (known: " + String.join(", ", known.stream()
                        .sorted().toList()) + ")"), name);
            }
        }
    }

    private static Refused notFound(UUID id) {
        return new Refused(HttpStatus.NOT_FOUND, "warning-not-found", "no warning " + id, null);
    }
}

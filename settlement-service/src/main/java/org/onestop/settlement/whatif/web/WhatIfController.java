package org.onestop.settlement.whatif.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.onestop.events.Caller;
import org.onestop.settlement.access.Access;
import org.onestop.settlement.settle.InvalidRequestException;
import org.onestop.settlement.settle.NotFoundException;
import org.onestop.settlement.settle.SettlementConflictException;
import org.onestop.settlement.whatif.WhatIfLimitException;
import org.onestop.settlement.whatif.WhatIfRequest;
import org.onestop.settlement.whatif.WhatIfRun;
import org.onestop.settlement.whatif.WhatIfRuns;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policy what-if (docs/what-if.md): {@code POST /api/v1/what-if} answers 202 with the run; {@code GET …/{id}} its
 * status, progress and result as JSON, or the result as CSV ({@code Accept: text/csv}); {@code DELETE …/{id}} cancels.
 * {@code GET …/export?region=&year=} writes the books the run replays, for the Spark job. Insurance offices only, for a
 * policy region inside their area; another area's run is answered 404 exactly as an unknown one.
 */
@RestController
@RequestMapping(WhatIfController.PATH)
class WhatIfController {

    static final String PATH = "/api/v1/what-if";
    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final WhatIfRuns runs;
    private final JsonMapper json;

    WhatIfController(WhatIfRuns runs, JsonMapper json) {
        this.runs = runs;
        this.json = json;
    }

    @PostMapping
    Mono<ResponseEntity<Map<String, Object>>> start(Caller caller, @RequestBody WhatIfRequest request) {
        Access.require(caller, Access.Resource.WHAT_IF);
        if (request.region() != null) {
            Access.requireRegion(caller, request.region());
        }
        return runs.start(request, Access.area(caller), caller.partner())
                .map(run -> ResponseEntity.accepted().location(URI.create(PATH + "/" + run.id())).body(view(run)));
    }

    @GetMapping(value = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Map<String, Object>> read(Caller caller, @PathVariable UUID id) {
        return visible(caller, id).map(this::view);
    }

    @GetMapping(value = "/{id}", produces = "text/csv")
    Mono<ResponseEntity<String>> csv(Caller caller, @PathVariable UUID id) {
        return visible(caller, id).map(run -> {
            if (!WhatIfRun.DONE.equals(run.status())) {
                throw new SettlementConflictException("status", "推演尚未完成 (the what-if is " + run.status() + ", not DONE)");
            }
            return ResponseEntity.ok().contentType(CSV)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"what-if-" + run.id() + ".csv\"")
                    .body(run.resultCsv());
        });
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Map<String, Object>>> cancel(Caller caller, @PathVariable UUID id) {
        return visible(caller, id).flatMap(run -> runs.cancel(id)
                .switchIfEmpty(Mono.error(() -> new SettlementConflictException("status",
                        "推演已结束,无法撤销 (the what-if is already " + run.status() + ")")))
                .then(runs.get(id))
                .map(after -> ResponseEntity.accepted().body(view(after))));
    }

    @GetMapping(value = "/export", produces = "text/csv")
    ResponseEntity<Flux<String>> export(Caller caller, @RequestParam String region, @RequestParam int year) {
        Access.require(caller, Access.Resource.WHAT_IF);
        if (!region.matches("\\d{6}")) {
            throw new InvalidRequestException("region", "region", "须为6位统筹区代码 (region must be 6 digits)");
        }
        Access.requireRegion(caller, region);
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"books-" + region + "-" + year + ".csv\"")
                .body(runs.export(region, year));
    }

    /** RFC 9457, as the service's other problems ({@code code}), naming the limit so a client can say it. */
    @ExceptionHandler(WhatIfLimitException.class)
    ResponseEntity<ProblemDetail> limit(WhatIfLimitException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        p.setType(URI.create("/problems/what-if-limit"));
        p.setProperty("code", "what-if-limit");
        p.setProperty("limit", e.limit());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).body(p);
    }

    /** The run when the caller may see it: an office's area must contain the run's policy region. */
    private Mono<WhatIfRun> visible(Caller caller, UUID id) {
        Access.require(caller, Access.Resource.WHAT_IF);
        return runs.get(id)
                .filter(run -> caller.inRegion(run.region()))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("无此推演 (no what-if " + id + ")")));
    }

    private Map<String, Object> view(WhatIfRun run) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", run.id());
        v.put("region", run.region());
        v.put("year", run.year());
        v.put("status", run.status());
        v.put("cancelRequested", run.cancelRequested());
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("persons", run.personsTotal());
        progress.put("done", run.personsDone());
        v.put("progress", progress);
        v.put("createdAt", run.createdAt().toString());
        v.put("updatedAt", run.updatedAt().toString());
        if (run.error() != null) {
            v.put("error", run.error());
        }
        v.put("result", run.resultJson() == null ? null : json.readTree(run.resultJson()));
        return v;
    }
}

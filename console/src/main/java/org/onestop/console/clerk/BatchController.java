package org.onestop.console.clerk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.onestop.console.gateway.ApiAnswer;
import org.onestop.console.gateway.GatewayClient;
import org.onestop.console.session.ConsoleSession;
import org.onestop.console.session.Pages;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A department clerk's batches: the upload form, the report of one batch (rejected rows filtered, paged), the report
 * as CSV or XLSX, and the 409 of a changed file sent under a used reference turned into the next step.
 */
@Controller
class BatchController {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** Reason codes whose cause is the clerk's spreadsheet program, not the person's data (docs/identity-api.md). */
    static final Set<String> TOOL_HINTS = Set.of("ID_SCIENTIFIC_NOTATION", "ID_DIGITS_LOST", "ID_FULL_WIDTH", "ID_NUMBER_CELL");
    /** The batches sent in this session (identity-service has no list of a department's batches yet). */
    static final String SENT = "onestop.console.batches";
    private static final int PAGE_SIZE = 100;

    private final GatewayClient gateway;

    BatchController(GatewayClient gateway) {
        this.gateway = gateway;
    }

    @GetMapping("/console/batches")
    Rendering batches(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session, WebSession web) {
        session.require(Pages.UPLOAD);
        return page(web).build();
    }

    private static Rendering.Builder<?> page(WebSession web) {
        return Rendering.view("batches").modelAttribute("sent", sent(web));
    }

    @PostMapping(path = "/console/batches", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<Rendering> upload(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session, @ModelAttribute UploadForm form,
            WebSession web) {
        session.require(Pages.UPLOAD);
        String missing = form.missing();
        if (missing != null) {
            return Mono.just(page(web).status(HttpStatus.BAD_REQUEST).modelAttribute("error", missing)
                    .modelAttribute("form", form).build());
        }
        return gateway.postFile(session, "/api/v1/identity/batches/csv", form.query(), form.file().content())
                .map(answer -> {
                    if (answer.ok()) {
                        remember(web, answer, form.file().filename());
                        return Rendering.redirectTo("/console/batches/" + answer.text("batchId")
                                + (answer.body().get("duplicate") == Boolean.TRUE ? "?duplicate" : "")).build();
                    }
                    Rendering.Builder<?> refused = page(web).status(HttpStatus.valueOf(answer.status())).modelAttribute("form", form);
                    if ("batch-content-differs".equals(answer.code())) {
                        return refused.modelAttribute("conflict", answer.body())
                                .modelAttribute("nextReference", Corrections.nextReference(form.departmentReference())).build();
                    }
                    return refused.modelAttribute("error", answer.detail()).build();
                });
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sent(WebSession web) {
        return (List<Map<String, Object>>) web.getAttributes().computeIfAbsent(SENT, k -> new ArrayList<Map<String, Object>>());
    }

    private static void remember(WebSession web, ApiAnswer answer, String filename) {
        List<Map<String, Object>> sent = sent(web);
        String id = answer.text("batchId");
        if (sent.stream().noneMatch(b -> id.equals(b.get("batchId")))) {
            Map<String, Object> batch = new LinkedHashMap<>();
            batch.put("batchId", id);
            batch.put("departmentReference", answer.text("departmentReference"));
            batch.put("file", filename);
            batch.put("receivedAt", answer.text("receivedAt"));
            batch.put("acceptedRows", answer.body().get("acceptedRows"));
            batch.put("rejectedRows", answer.body().get("rejectedRows"));
            sent.add(0, batch);
        }
    }

    @GetMapping("/console/batches/{id}")
    Mono<Rendering> report(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session, @PathVariable UUID id,
            @RequestParam(required = false) String status, @RequestParam(defaultValue = "0") int page) {
        session.require(Pages.REPORTS);
        String filter = "rejected".equals(status) || "accepted".equals(status) ? status : null;
        int p = Math.max(0, page);
        Map<String, String> query = new LinkedHashMap<>();
        if (filter != null) {
            query.put("status", filter);
        }
        query.put("page", Integer.toString(p));
        query.put("size", Integer.toString(PAGE_SIZE));
        String path = "/api/v1/identity/batches/" + id;
        return Mono.zip(gateway.get(session, path, Map.of()), gateway.get(session, path + "/rows", query))
                .map(answers -> {
                    ApiAnswer batch = answers.getT1();
                    if (!batch.ok()) {
                        return Rendering.view("problem").status(HttpStatus.valueOf(batch.status()))
                                .modelAttribute("message", batch.detail()).build();
                    }
                    Object rows = answers.getT2().body().getOrDefault("rows", List.of());
                    return Rendering.view("batch").modelAttribute("batch", batch.body()).modelAttribute("rows", rows)
                            .modelAttribute("filter", filter == null ? "all" : filter).modelAttribute("page", p)
                            .modelAttribute("more", rows instanceof List<?> l && l.size() == PAGE_SIZE)
                            .modelAttribute("hints", TOOL_HINTS).build();
                });
    }

    @GetMapping("/console/batches/{id}/report.csv")
    Mono<ResponseEntity<Flux<DataBuffer>>> csv(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session,
            @PathVariable UUID id, @RequestParam(required = false) String status) {
        return download(session, id, status, new MediaType("text", "csv"));
    }

    @GetMapping("/console/batches/{id}/report.xlsx")
    Mono<ResponseEntity<Flux<DataBuffer>>> xlsx(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session,
            @PathVariable UUID id, @RequestParam(required = false) String status) {
        return download(session, id, status, MediaType.parseMediaType(XLSX));
    }

    private Mono<ResponseEntity<Flux<DataBuffer>>> download(ConsoleSession session, UUID id, String status, MediaType type) {
        session.require(Pages.REPORTS);
        Map<String, String> query = "rejected".equals(status) || "accepted".equals(status) ? Map.of("status", status) : Map.of();
        return gateway.download(session, "/api/v1/identity/batches/" + id + "/rows", query, type);
    }
}

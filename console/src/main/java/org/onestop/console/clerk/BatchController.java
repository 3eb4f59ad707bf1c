package org.onestop.console.clerk;

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
    /** A department's earlier batches, a page of this many at a time. */
    static final int LIST_SIZE = 20;
    private static final int PAGE_SIZE = 100;
    /** The list's filters the page passes on to identity-service (the API refuses any other parameter). */
    static final List<String> LIST_FILTERS = List.of("from", "to", "kind", "status");

    private final GatewayClient gateway;

    BatchController(GatewayClient gateway) {
        this.gateway = gateway;
    }

    /**
     * The upload form and the department's earlier batches ({@code GET /api/v1/identity/batches}, newest first),
     * filtered by the form's dates (Beijing days), kind and status.
     */
    @GetMapping("/console/batches")
    Mono<Rendering> batches(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session,
            @RequestParam Map<String, String> params) {
        session.require(Pages.UPLOAD);
        return page(session, params).map(Rendering.Builder::build);
    }

    /** The page with the list as {@code params} filter it; a list the API refuses shows its reason, not the page's. */
    private Mono<Rendering.Builder<?>> page(ConsoleSession session, Map<String, String> params) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : LIST_FILTERS) {
            String value = params.get(name);
            if (value != null && !value.isBlank()) {
                filters.put(name, value.strip());
            }
        }
        int page = pageNumber(params.get("page"));
        Rendering.Builder<?> view = Rendering.view("batches").modelAttribute("filters", filters).modelAttribute("page", page);
        if (!session.may(Pages.REPORTS)) {
            return Mono.just(view.modelAttribute("batches", List.of()));
        }
        Map<String, String> query = new LinkedHashMap<>(filters);
        query.put("page", Integer.toString(page));
        query.put("size", Integer.toString(LIST_SIZE));
        return gateway.get(session, "/api/v1/identity/batches", query).map(answer -> {
            if (!answer.ok()) {
                return view.modelAttribute("batches", List.of()).modelAttribute("listError", answer.detail());
            }
            Object batches = answer.body().getOrDefault("batches", List.of());
            long total = answer.body().get("total") instanceof Number n ? n.longValue() : 0;
            return view.modelAttribute("batches", batches).modelAttribute("total", total)
                    .modelAttribute("more", (long) (page + 1) * LIST_SIZE < total);
        });
    }

    private static int pageNumber(String text) {
        try {
            return text == null ? 0 : Math.max(0, Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @PostMapping(path = "/console/batches", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<Rendering> upload(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session, @ModelAttribute UploadForm form) {
        session.require(Pages.UPLOAD);
        String missing = form.missing();
        if (missing != null) {
            return page(session, Map.of()).map(page -> page.status(HttpStatus.BAD_REQUEST).modelAttribute("error", missing)
                    .modelAttribute("form", form).build());
        }
        return gateway.postFile(session, "/api/v1/identity/batches/csv", form.query(), form.file().content())
                .flatMap(answer -> {
                    if (answer.ok()) {
                        return Mono.just(Rendering.redirectTo("/console/batches/" + answer.text("batchId")
                                + (answer.body().get("duplicate") == Boolean.TRUE ? "?duplicate" : "")).build());
                    }
                    return page(session, Map.of()).map(page -> {
                        Rendering.Builder<?> refused = page.status(HttpStatus.valueOf(answer.status())).modelAttribute("form", form);
                        if ("batch-content-differs".equals(answer.code())) {
                            return refused.modelAttribute("conflict", answer.body())
                                    .modelAttribute("nextReference", Corrections.nextReference(form.departmentReference()))
                                    .build();
                        }
                        return refused.modelAttribute("error", answer.detail()).build();
                    });
                });
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

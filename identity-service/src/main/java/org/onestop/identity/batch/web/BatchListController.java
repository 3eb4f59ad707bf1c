package org.onestop.identity.batch.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.onestop.identity.access.PartnerAccess;
import org.onestop.identity.batch.BatchList;
import org.onestop.identity.batch.BatchSubmission;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** A department's earlier batches: the list a clerk picks a report from (docs/identity-api.md "Listing batches"). */
@RestController
@RequestMapping("/api/v1/identity/batches")
class BatchListController {

    /**
     * The partners are Chinese departments: a clerk's "batches of 5 December" are those received on that day in
     * Beijing, not in UTC (where the day starts at 08:00).
     */
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final Set<String> PARAMETERS = Set.of("from", "to", "kind", "status", "page", "size");
    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 200;

    private final BatchList list;

    BatchListController(BatchList list) {
        this.list = list;
    }

    /**
     * The caller's batches, newest first: a department's own (its department, areas inside its own, as for one
     * batch's report), an operator's every one. Every parameter is optional; one this list does not know is refused
     * (400 {@code unknown-parameter} naming it in {@code field}), never ignored: a misspelt filter would otherwise
     * answer the whole list as if it had applied.
     *
     * <p>{@code from}, {@code to}: received on or after / on or before this date ({@code yyyy-MM-dd}, Beijing time);
     * {@code kind}: {@code roster} or {@code adjustment}; {@code status}: comma-separated {@code accepted},
     * {@code partial}, {@code rejected}, {@code empty}; {@code page} from 0; {@code size} 1–200, default 20.
     */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<BatchPage> list(ServerWebExchange exchange, @AuthenticationPrincipal Jwt token) {
        // who may list comes first: a hospital learns nothing about the parameters of a list it may not read
        PartnerAccess.BatchScope scope = PartnerAccess.batchScope(BatchController.caller(token));
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new BatchRequestException(HttpStatus.BAD_REQUEST, "unknown-parameter", "未知的查询参数 " + name
                        + " (unknown query parameter; known: " + String.join(", ", PARAMETERS.stream().sorted().toList())
                        + ")", Map.of("field", name));
            }
            if (query.get(name).size() > 1) {
                throw invalid(name, "参数只能给一次 (" + name + " is given more than once)");
            }
        }
        LocalDate from = date(query, "from");
        LocalDate to = date(query, "to");
        if (from != null && to != null && to.isBefore(from)) {
            throw invalid("to", "结束日期早于开始日期 (to is before from)");
        }
        String kind = kind(query.getFirst("kind"));
        Set<BatchList.Status> statuses = statuses(query.getFirst("status"));
        int page = number(query, "page", 0, 0, 100_000);
        int size = number(query, "size", DEFAULT_SIZE, 1, MAX_SIZE);
        BatchList.Filter filter = new BatchList.Filter(from == null ? null : from.atStartOfDay(BEIJING).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(BEIJING).toInstant(), kind, statuses, page, size);
        return list.find(filter, scope).map(BatchPage::of);
    }

    private static BatchRequestException invalid(String field, String detail) {
        return new BatchRequestException(HttpStatus.BAD_REQUEST, "invalid-parameter", detail, Map.of("field", field));
    }

    private static LocalDate date(MultiValueMap<String, String> query, String name) {
        String text = query.getFirst(name);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw invalid(name, "日期格式应为 2026-01-31 (" + name + " is a date, yyyy-MM-dd)");
        }
    }

    private static String kind(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "roster" -> BatchSubmission.ROSTER;
            case "adjustment" -> BatchSubmission.ADJUSTMENT;
            default -> throw invalid("kind", "名单种类应为 roster(附件2)或 adjustment(附件3) (kind: roster or adjustment)");
        };
    }

    private static Set<BatchList.Status> statuses(String text) {
        if (text == null) {
            return Set.of();
        }
        Set<BatchList.Status> statuses = EnumSet.noneOf(BatchList.Status.class);
        for (String s : text.split(",")) {
            try {
                statuses.add(BatchList.Status.valueOf(s.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw invalid("status", "状态应为 accepted、partial、rejected 或 empty,可用逗号分隔多个"
                        + " (status: comma-separated accepted, partial, rejected, empty)");
            }
        }
        return statuses;
    }

    private static int number(MultiValueMap<String, String> query, String name, int fallback, int min, int max) {
        String text = query.getFirst(name);
        if (text == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below, as an out-of-range number is
        }
        throw invalid(name, name + " 应为 " + min + "–" + max + " 之间的整数 (" + name + ": an integer " + min + "–" + max + ")");
    }

    /** The answer: a page of batches, each with where its report and rows are. */
    record BatchPage(int page, int size, long total, List<Line> batches) {

        static BatchPage of(BatchList.Page p) {
            return new BatchPage(p.page(), p.size(), p.total(), p.batches().stream().map(Line::of).toList());
        }
    }

    /**
     * One batch of the list.
     *
     * @param report the batch's summary ({@code GET}); {@code rows} its rows and downloadable report
     */
    record Line(UUID batchId, String department, String area, String departmentReference, String kind, String source,
            String identityType, Instant receivedAt, int totalRows, int acceptedRows, int rejectedRows,
            BatchList.Status status, String correctionOf, int version, String report, String rows) {

        static Line of(BatchList.Entry e) {
            String report = "/api/v1/identity/batches/" + e.batchId();
            return new Line(e.batchId(), e.department(), e.area(), e.departmentReference(), e.kind(), e.source(),
                    e.identityType(), e.receivedAt(), e.totalRows(), e.acceptedRows(), e.rejectedRows(), e.status(),
                    e.correctionOf(), e.version(), report, report + "/rows");
        }
    }
}

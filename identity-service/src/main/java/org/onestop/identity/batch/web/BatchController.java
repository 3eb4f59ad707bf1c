package org.onestop.identity.batch.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.onestop.events.Caller;
import org.onestop.events.Department;
import org.onestop.events.IdentityType;
import org.onestop.identity.IdentityProperties;
import org.onestop.identity.access.PartnerAccess;
import org.onestop.identity.batch.BatchIngestion;
import org.onestop.identity.batch.BatchReport;
import org.onestop.identity.batch.BatchSubmission;
import org.onestop.identity.batch.IdentityRecord;
import org.onestop.identity.batch.RowReport;
import org.onestop.identity.batch.csv.CharsetDetector;
import org.onestop.identity.batch.csv.ShanxiCsvReader;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.Part;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/** Partner batches over HTTP: JSON records, Shanxi CSV files, and the stored reports. */
@RestController
@RequestMapping("/api/v1/identity/batches")
class BatchController {

    private static final String CSV = "text/csv";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final BatchIngestion ingestion;
    private final IdentityProperties properties;
    private final JsonMapper json;
    private final org.onestop.identity.batch.BatchQueries queries;

    BatchController(BatchIngestion ingestion, IdentityProperties properties, JsonMapper json,
            org.onestop.identity.batch.BatchQueries queries) {
        this.ingestion = ingestion;
        this.properties = properties;
        this.json = json;
        this.queries = queries;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<BatchReport>> postJson(@RequestBody BatchRequest request, @AuthenticationPrincipal Jwt token) {
        Caller caller = caller(token);
        Department department = department(PartnerAccess.pushingDepartment(caller, request.department()));
        String reference = reference(request.departmentReference());
        if (request.records() == null || request.records().isEmpty()) {
            throw BatchRequestException.badRequest("no-records", "批次中没有记录 (records must not be empty)");
        }
        checkTexts(request.records());
        // all or nothing, in memory, before anything is read or stored
        List<String> regionCodes = request.records().stream().map(r -> r == null ? null : r.regionCode()).toList();
        PartnerAccess.requireRegions(caller, regionCodes);
        List<IdentityRecord> records = new java.util.ArrayList<>(request.records().size());
        int rowNo = 0;
        for (BatchRequest.Record r : request.records()) {
            rowNo++;
            records.add(new IdentityRecord(rowNo, r.recordReference() == null ? "record " + rowNo : r.recordReference(),
                    r.identityType(), r.regionCode(), r.idNumber(), r.name(), r.householdHeadIdNumber(), r.change(),
                    r.startDate(), r.endDate(), null));
        }
        String hash = sha256(department.name() + "\n" + json.writeValueAsString(request.records()));
        BatchSubmission submission = new BatchSubmission(department, PartnerAccess.batchArea(caller),
                reference, hash, "JSON", null, null, true, BatchSubmission.ADJUSTMENT);
        return ingestion.ingest(submission, Flux.fromIterable(records)).map(BatchController::created);
    }

    @PostMapping(path = "/csv", consumes = {CSV, XLSX, MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE},
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<BatchReport>> postCsv(ServerWebExchange exchange, @AuthenticationPrincipal Jwt token) {
        CsvParams params = CsvParams.from(exchange, properties, caller(token));
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > properties.maxUploadSize().toBytes()) {
            throw CsvSpool.tooLarge(properties.maxUploadSize().toBytes());
        }
        return ingestCsv(params, exchange.getRequest().getBody());
    }

    @PostMapping(path = "/csv", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<BatchReport>> postCsvMultipart(ServerWebExchange exchange, @RequestPart("file") Part file,
            @AuthenticationPrincipal Jwt token) {
        return ingestCsv(CsvParams.from(exchange, properties, caller(token)), file.content());
    }

    private Mono<ResponseEntity<BatchReport>> ingestCsv(CsvParams p, Flux<DataBuffer> body) {
        long limit = properties.maxUploadSize().toBytes();
        return CsvSpool.spool(body, limit).flatMap(spooled -> {
            if (spooled.size() == 0) {
                spooled.delete();
                return Mono.error(BatchRequestException.badRequest("csv-empty", "文件为空 (the body is empty)"));
            }
            String hash = sha256(String.join("\n", p.department().name(), p.identityType().name(), p.regionCode(),
                    p.effectiveDate() == null ? "" : p.effectiveDate(), spooled.sha256()));
            // The file's first bytes decide, not the declared type: an .xlsx sent as text/csv or octet-stream is
            // still read as a workbook (a ZIP read as text would only give garbage columns).
            boolean xlsx = spooled.zip();
            BatchSubmission submission = new BatchSubmission(p.department(), p.area(), p.departmentReference(), hash,
                    xlsx ? "XLSX" : "CSV", p.identityType().name(), p.issuingUnit(), false, null);
            return ingestion.findEarlier(submission)
                    .switchIfEmpty(Mono.defer(() -> Mono.fromCallable(() -> openCsv(spooled.file(), xlsx, p))
                            .subscribeOn(Schedulers.boundedElastic())
                            .flatMap(reader -> ingestion.ingest(submission.withKind(reader.layout().name()), rows(reader))
                                    .doFinally(signal -> close(reader)))))
                    .doFinally(signal -> spooled.delete());
        }).map(BatchController::created);
    }

    private ShanxiCsvReader openCsv(java.nio.file.Path file, boolean xlsx, CsvParams p) throws IOException {
        ShanxiCsvReader.FileContext context =
                new ShanxiCsvReader.FileContext(p.identityType().name(), p.regionCode(), p.effectiveDate());
        InputStream in = xlsx ? InputStream.nullInputStream() : Files.newInputStream(file);
        try {
            ShanxiCsvReader reader = xlsx ? ShanxiCsvReader.openXlsx(file, properties.maxLineChars(), context)
                    : ShanxiCsvReader.open(in, p.charset(), properties.maxLineChars(), context);
            if (reader.layout() == ShanxiCsvReader.Layout.ROSTER && p.effectiveDate() == null) {
                reader.close();
                throw BatchRequestException.badRequest("effective-date-required",
                        "附件2名单没有调整时间,请用 effectiveDate 参数给出生效日期 (effectiveDate is required for a 附件2 roster)");
            }
            return reader;
        } catch (RuntimeException | IOException e) {
            in.close();
            throw e;
        }
    }

    /** Reads the file lazily, one row per request from downstream, on a thread that may block. */
    private static Flux<IdentityRecord> rows(ShanxiCsvReader reader) {
        return Flux.<IdentityRecord>generate(sink -> {
            try {
                IdentityRecord r = reader.next();
                if (r == null) {
                    sink.complete();
                } else {
                    sink.next(r);
                }
            } catch (IOException e) {
                sink.error(new UncheckedIOException(e));
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static void close(ShanxiCsvReader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // the temp file is deleted next; nothing to recover
        }
    }

    @GetMapping(path = "/{batchId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<BatchReport> summary(@PathVariable UUID batchId, @AuthenticationPrincipal Jwt token) {
        return visible(batchId, PartnerAccess.batchScope(caller(token)));
    }

    /**
     * The batch's rows as JSON (a page), or, when the Accept header asks for {@code text/csv} or the XLSX type, the
     * whole report (every row of the {@code status} asked) as a file to download. One handler negotiates the three:
     * two mappings of one path differing only by {@code produces} are ambiguous for {@code Accept: *}{@code /*}.
     */
    @GetMapping(path = "/{batchId}/rows")
    Mono<ResponseEntity<Flux<DataBuffer>>> rows(@PathVariable UUID batchId, @RequestParam Optional<String> status,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size,
            ServerWebExchange exchange, @AuthenticationPrincipal Jwt token) {
        PartnerAccess.BatchScope scope = PartnerAccess.batchScope(caller(token));
        MediaType format = reportFormat(exchange.getRequest().getHeaders().getAccept());
        Boolean accepted = status.map(s -> switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "accepted" -> Boolean.TRUE;
            case "rejected" -> Boolean.FALSE;
            default -> throw BatchRequestException.badRequest("bad-status", "status must be accepted or rejected");
        }).orElse(null);
        if (page < 0 || size < 1 || size > 1000) {
            throw BatchRequestException.badRequest("bad-page", "page ≥ 0 and 1 ≤ size ≤ 1000");
        }
        DataBufferFactory buffers = exchange.getResponse().bufferFactory();
        if (format.equals(MediaType.APPLICATION_JSON)) {
            return visible(batchId, scope)
                    .flatMap(b -> queries.rows(batchId, accepted, page, size).collectList()
                            .map(rows -> Map.of("batchId", batchId, "status", status.orElse("all"), "page", page,
                                    "size", size, "rows", rows)))
                    .map(body -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                            .body(Flux.just(buffers.wrap(json.writeValueAsBytes(body)))));
        }
        boolean csv = format.getSubtype().equals("csv");
        String name = "batch-" + batchId + (accepted == null ? "" : accepted ? "-accepted" : "-rejected")
                + (csv ? ".csv" : ".xlsx");
        return visible(batchId, scope).map(b -> {
            int count = accepted == null ? b.totalRows() : accepted ? b.acceptedRows() : b.rejectedRows();
            // pages of the stored report, one after the other: never the whole report in memory
            Flux<RowReport> all = Flux.range(0, (count + REPORT_PAGE - 1) / REPORT_PAGE)
                    .concatMap(p -> queries.rows(batchId, accepted, p, REPORT_PAGE));
            return ResponseEntity.ok()
                    .contentType(csv ? new MediaType("text", "csv", StandardCharsets.UTF_8) : MediaType.parseMediaType(XLSX))
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                    .body(csv ? ReportFiles.csv(all, buffers) : ReportFiles.xlsx(all, buffers));
        });
    }

    private static final int REPORT_PAGE = 5000;
    private static final List<MediaType> REPORT_FORMATS =
            List.of(MediaType.APPLICATION_JSON, new MediaType("text", "csv"), MediaType.parseMediaType(XLSX));

    /** The first format the Accept header admits, in its order of preference; JSON when it admits any. */
    static MediaType reportFormat(List<MediaType> accept) {
        if (accept.isEmpty()) {
            return MediaType.APPLICATION_JSON;
        }
        List<MediaType> sorted = new ArrayList<>(accept);
        sorted.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType wanted : sorted) {
            if (wanted.getQualityValue() == 0) {
                continue;
            }
            for (MediaType offered : REPORT_FORMATS) {
                if (wanted.includes(offered)) {
                    return offered;
                }
            }
        }
        throw new NotAcceptableStatusException(REPORT_FORMATS);
    }

    /** The batch's summary, or 404 when unknown or outside the caller's {@code scope} (another department or area). */
    private Mono<BatchReport> visible(UUID batchId, PartnerAccess.BatchScope scope) {
        return queries.summary(batchId)
                .filter(b -> scope.admits(b.department(), b.area()))
                .switchIfEmpty(Mono.error(notFound(batchId)));
    }

    /** The caller the verified internal token names (the security chain admits no call without one). */
    static Caller caller(Jwt token) {
        return PartnerAccess.caller(token.getClaims()::get);
    }

    private static ResponseStatusException notFound(UUID batchId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no batch " + batchId);
    }

    private static ResponseEntity<BatchReport> created(BatchReport report) {
        if (report.duplicate()) {
            return ResponseEntity.ok(report);
        }
        return ResponseEntity.created(URI.create("/api/v1/identity/batches/" + report.batchId())).body(report);
    }

    static Department department(String text) {
        return Department.parse(text).orElseThrow(() -> BatchRequestException.badRequest("unknown-department",
                "未知的部门 (department must be one of CIVIL_AFFAIRS, RURAL_REVITALIZATION, VETERANS_AFFAIRS)"));
    }

    static String reference(String text) {
        if (text == null || text.isBlank() || text.length() > 200) {
            throw BatchRequestException.badRequest("reference-required",
                    "缺少部门批次编号 (departmentReference is required, at most 200 characters)");
        }
        return BatchRequestException.checkedFreeText("departmentReference", text.strip());
    }

    /**
     * Every record present, no NUL in any field and no ID number in a free-text one (reference, name), all before
     * anything is read or stored: one bad record refuses the batch, naming it ({@code records[i].field}).
     */
    private static void checkTexts(List<BatchRequest.Record> records) {
        for (int i = 0; i < records.size(); i++) {
            BatchRequest.Record r = records.get(i);
            String at = "records[" + i + "]";
            if (r == null) {
                throw new BatchRequestException(HttpStatus.BAD_REQUEST, "null-record",
                        "批次中有空记录 (" + at + " is null)", Map.of("field", at));
            }
            BatchRequestException.checkedFreeText(at + ".recordReference", r.recordReference());
            BatchRequestException.checkedFreeText(at + ".name", r.name());
            BatchRequestException.checkedNoNul(at + ".identityType", r.identityType());
            BatchRequestException.checkedNoNul(at + ".regionCode", r.regionCode());
            BatchRequestException.checkedNoNul(at + ".idNumber", r.idNumber());
            BatchRequestException.checkedNoNul(at + ".householdHeadIdNumber", r.householdHeadIdNumber());
            BatchRequestException.checkedNoNul(at + ".change", r.change());
            BatchRequestException.checkedNoNul(at + ".startDate", r.startDate());
            BatchRequestException.checkedNoNul(at + ".endDate", r.endDate());
        }
    }

    static String sha256(String text) {
        MessageDigest d = CsvSpool.sha256();
        return HexFormat.of().formatHex(d.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The file-level fields of the paper form, from query parameters or {@code X-Onestop-*} headers. */
    record CsvParams(Department department, IdentityType identityType, String regionCode, String departmentReference,
            String issuingUnit, String effectiveDate, Charset charset, String area) {

        /**
         * Only a department pushes: the form's department defaults to the caller's (from its internal token) and must
         * be it, and {@code regionCode} must lie in its area: one check covers the file, since every row takes the
         * file's region. The batch's {@code area} is the caller's.
         */
        static CsvParams from(ServerWebExchange exchange, IdentityProperties properties, Caller caller) {
            Department department = BatchController.department(
                    PartnerAccess.pushingDepartment(caller, param(exchange, "department")));
            String categoryText = param(exchange, "category");
            IdentityType type = IdentityType.parse(categoryText).orElseThrow(() -> BatchRequestException.badRequest(
                    "unknown-category", "未知的对象类别 (category: a code such as DIBAO or 低保 / 特困 / 重点优抚)"));
            if (!department.mayPush(type)) {
                throw BatchRequestException.badRequest("category-not-owned",
                        department.chineseName() + "无权报送" + type.chineseName() + " (" + department + " may not push " + type + ")");
            }
            String region = param(exchange, "regionCode");
            if (region == null || !region.strip().matches("\\d{6}")
                    || properties.regionPrefixes().stream().noneMatch(region.strip()::startsWith)) {
                throw BatchRequestException.badRequest("unknown-region",
                        "行政区划代码不在本系统覆盖的地区内 (regionCode: 6 digits inside " + properties.regionPrefixes() + ")");
            }
            PartnerAccess.requireRegion(caller, region.strip());
            String effective = param(exchange, "effectiveDate");
            Charset charset = null;
            String charsetName = param(exchange, "charset");
            if (charsetName != null && !charsetName.isBlank()) {
                try {
                    charset = CharsetDetector.named(charsetName);
                } catch (IllegalArgumentException e) {
                    throw BatchRequestException.badRequest("unknown-charset", "未知的字符编码 (charset: UTF-8 or GB18030/GBK)");
                }
            }
            String unit = BatchRequestException.checkedFreeText("issuingUnit", param(exchange, "issuingUnit"));
            BatchRequestException.checkedNoNul("effectiveDate", param(exchange, "effectiveDate"));
            return new CsvParams(department, type, region.strip(), BatchController.reference(param(exchange, "departmentReference")),
                    unit, effective == null || effective.isBlank() ? null : effective.strip(), charset,
                    PartnerAccess.batchArea(caller));
        }

        private static String param(ServerWebExchange exchange, String name) {
            String q = exchange.getRequest().getQueryParams().getFirst(name);
            if (q != null) {
                return q;
            }
            return exchange.getRequest().getHeaders().getFirst("X-Onestop-" + Character.toUpperCase(name.charAt(0))
                    + name.substring(1));
        }
    }

    static boolean isAccepted(RowReport r) {
        return RowReport.ACCEPTED.equals(r.status());
    }
}

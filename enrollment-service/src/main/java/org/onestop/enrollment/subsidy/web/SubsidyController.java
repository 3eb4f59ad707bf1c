package org.onestop.enrollment.subsidy.web;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import org.onestop.enrollment.subsidy.EnrollmentQueries;
import org.onestop.enrollment.subsidy.EnrollmentQueries.PersonYear;
import org.onestop.enrollment.subsidy.EnrollmentQueries.SubsidyRow;
import org.onestop.events.Caller;
import org.onestop.events.PersonRef;
import org.onestop.policy.PolicyCatalog;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A person-year's history, and the tax bureau's subsidy list of a region and month as CSV. */
@RestController
@RequestMapping("/api/v1/enrollment")
class SubsidyController {

    /** UTF-8 byte order mark: the tax bureau's spreadsheet reads the file as UTF-8 only with it. */
    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    static final String HEADER = "事件编号 event_id,变动 change,参保年度 year,人员标识 person_ref,证件号码 masked_id_number,"
            + "认定地区 region_code,身份类别 identity_type,资助方式 subsidy_kind,个人缴费标准 contribution,金额 amount,"
            + "省级负担 province_amount,县级负担 county_amount,取消退费 refund_cancelled,待遇开始 benefit_from,"
            + "资助截止 subsidized_until,原因 reason,决定时间 decided_at\r\n";

    private final EnrollmentQueries queries;
    private final PolicyCatalog catalog;

    SubsidyController(EnrollmentQueries queries, PolicyCatalog catalog) {
        this.queries = queries;
        this.catalog = catalog;
    }

    /**
     * An insurance office sees a person-year only when a region held for it lies in its area; otherwise, and for a
     * person-year nobody knows, the same 404 (ids cannot be probed). Operators see all.
     */
    @GetMapping(path = "/persons/{personRef}/years/{year}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<PersonYear> personYear(@PathVariable String personRef, @PathVariable int year,
            @AuthenticationPrincipal Jwt token) {
        Caller caller = PartnerScope.caller(token);
        PartnerScope.require(caller, Caller.Type.INSURANCE_OFFICE, Caller.Type.OPERATOR);
        if (!PersonRef.isValid(personRef)) {
            throw RequestException.badRequest("invalid-person-ref", "人员标识无效 (personRef must be 64 lowercase hex characters)");
        }
        Mono<Boolean> visible = caller.is(Caller.Type.OPERATOR) ? Mono.just(true)
                : queries.regionsOf(personRef, year).map(regions -> PartnerScope.sees(caller, regions));
        return visible.flatMap(v -> v ? queries.personYear(personRef, year) : Mono.<PersonYear>empty())
                .switchIfEmpty(Mono.error(() -> new RequestException(HttpStatus.NOT_FOUND, "person-year-not-found",
                        "没有该人员该年度的参保资助记录 (nothing is known of this person for this year)")));
    }

    /** An insurance office reads the list of a policy region inside its area only (403 {@code not-your-region}). */
    @GetMapping(path = "/regions/{region}/subsidies.csv")
    Mono<Void> taxList(@PathVariable String region, @RequestParam(required = false) String month,
            @AuthenticationPrincipal Jwt token, ServerHttpResponse response) {
        Caller caller = PartnerScope.caller(token);
        PartnerScope.require(caller, Caller.Type.INSURANCE_OFFICE, Caller.Type.OPERATOR);
        if (caller.is(Caller.Type.INSURANCE_OFFICE) && !caller.inRegion(region)) {
            throw PartnerScope.notYourRegion();
        }
        if (month == null) {
            throw RequestException.badRequest("invalid-month", "月份缺失 (month=YYYY-MM is required)");
        }
        try {
            YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw RequestException.badRequest("invalid-month", "月份格式应为 YYYY-MM (month must be YYYY-MM)");
        }
        String policyRegion = catalog.policyRegionOf(region).filter(region::equals).orElseThrow(() -> new RequestException(
                HttpStatus.NOT_FOUND, "unknown-region", "没有该地区的政策 (region must be a policy region: "
                        + String.join(", ", catalog.all().stream().map(p -> p.regionCode()).distinct().toList()) + ")"));
        response.getHeaders().setContentType(new MediaType("text", "csv", StandardCharsets.UTF_8));
        response.getHeaders().set(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"subsidies-" + policyRegion + "-" + month + ".csv\"");
        DataBufferFactory buffers = response.bufferFactory();
        Flux<DataBuffer> body = Flux.concat(
                Mono.fromSupplier(() -> buffers.wrap(concat(BOM, HEADER.getBytes(StandardCharsets.UTF_8)))),
                queries.taxList(policyRegion, month).buffer(500)
                        .map(rows -> {
                            StringBuilder b = new StringBuilder(rows.size() * 256);
                            rows.forEach(r -> line(b, r));
                            return buffers.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
                        }));
        return response.writeWith(body);
    }

    static void line(StringBuilder b, SubsidyRow r) {
        b.append(r.eventId()).append(',').append(r.change()).append(',').append(r.year()).append(',')
                .append(r.personRef()).append(',').append(r.maskedIdNumber()).append(',').append(r.regionCode()).append(',')
                .append(r.identityType()).append(',').append(r.subsidyKind()).append(',')
                .append(r.contribution()).append(',').append(r.amount()).append(',')
                .append(plain(r.provinceAmount())).append(',').append(plain(r.countyAmount())).append(',')
                .append(plain(r.refund())).append(',').append(r.benefitFrom() == null ? "" : r.benefitFrom()).append(',')
                .append(r.subsidizedUntil() == null ? "" : r.subsidizedUntil()).append(',').append(r.reason()).append(',')
                .append(r.decidedAt().toInstant()).append("\r\n");
    }

    private static String plain(String v) {
        return v == null ? "" : v;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package org.onestop.settlement.application;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.onestop.events.FreeText;
import org.onestop.events.PersonRef;
import org.onestop.events.ResidentIdNumber;
import org.onestop.policy.Grant;
import org.onestop.policy.Money;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.PolicyNotInForceException;
import org.onestop.policy.RegionPolicy;
import org.onestop.messaging.personref.PersonRefProperties;
import org.onestop.settlement.settle.BookStore;
import org.onestop.settlement.settle.InvalidRequestException;
import org.onestop.settlement.settle.NotFoundException;
import org.onestop.settlement.settle.SettlementService;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides applications with the region's policy in force on the application date: the kind must be one the policy
 * grants on application ({@code RegionPolicy.grantKinds()}), and a kind granted once per natural year
 * ({@code grantOncePerYear}, Yantai 三(七)) is refused when already approved that year. The decision, the grant and
 * the re-settlement it causes commit in one transaction behind the person's lock.
 */
@Service
class Applications {

    private final PolicyCatalog catalog;
    private final DatabaseClient db;
    private final BookStore store;
    private final SettlementService settlements;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final Clock clock;
    private final byte[] secret;

    Applications(PolicyCatalog catalog, DatabaseClient db, BookStore store, SettlementService settlements, TransactionalOperator tx,
                 JsonMapper json, Clock clock, PersonRefProperties personRef) {
        this.catalog = catalog;
        this.db = db;
        this.store = store;
        this.settlements = settlements;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.secret = personRef.secretBytes();
    }

    Mono<ApplicationDecision> register(ApplicationRequest r) {
        if (r == null) {
            return Mono.error(new InvalidRequestException("(body)", "missing-body", "请求体为空 (the request has no body)"));
        }
        LocalDate today = LocalDate.now(clock);
        String personRef;
        String masked = null;
        boolean hasRef = r.personRef() != null && !r.personRef().isBlank();
        boolean hasId = r.idNumber() != null && !r.idNumber().isBlank();
        if (hasRef == hasId) {
            return Mono.error(new InvalidRequestException(hasRef ? "idNumber" : "personRef", "person-required",
                    "personRef 与 idNumber 须且只须提供一个 (exactly one of personRef and idNumber is required)"));
        }
        if (hasId) {
            var problem = ResidentIdNumber.check(r.idNumber().strip(), today);
            if (problem.isPresent()) {
                return Mono.error(new InvalidRequestException("idNumber", "id-number-invalid", "身份证号码无效: " + problem.get().chinese()));
            }
            ResidentIdNumber id = ResidentIdNumber.of(r.idNumber().strip(), today);
            personRef = id.personRef(secret).value();
            masked = id.mask();
        } else {
            personRef = r.personRef().strip();
            if (!PersonRef.isValid(personRef)) {
                return Mono.error(new InvalidRequestException("personRef", "person-ref-format", "personRef 须为64位小写十六进制"));
            }
        }
        if (r.regionCode() == null || !r.regionCode().strip().matches("\\d{6}")) {
            return Mono.error(new InvalidRequestException("regionCode", "region-format", "行政区划代码须为6位数字"));
        }
        String region = r.regionCode().strip();
        String policyRegion = catalog.policyRegionOf(region).orElse(null);
        if (policyRegion == null) {
            return Mono.error(new InvalidRequestException("regionCode", "unknown-region", "该地区无医疗救助政策 (no policy covers region " + region + ")"));
        }
        if (r.kind() == null || r.kind().isBlank()) {
            return Mono.error(new InvalidRequestException("kind", "missing", "缺少申请类别 (kind is required)"));
        }
        String kind = r.kind().strip().toUpperCase(Locale.ROOT);
        LocalDate date;
        try {
            date = r.applicationDate() == null ? null : LocalDate.parse(r.applicationDate().strip());
        } catch (DateTimeParseException e) {
            return Mono.error(new InvalidRequestException("applicationDate", "date-format", "applicationDate 须为 yyyy-MM-dd"));
        }
        if (date == null) {
            return Mono.error(new InvalidRequestException("applicationDate", "missing", "缺少申请日期 (applicationDate is required)"));
        }
        if (date.isAfter(today)) {
            return Mono.error(new InvalidRequestException("applicationDate", "future-date", "申请日期不能晚于今天"));
        }
        RegionPolicy policy;
        try {
            policy = catalog.policyFor(region, date);
        } catch (PolicyNotInForceException e) {
            return Mono.error(e);
        }
        String maskedId = masked;
        String office = r.office() == null ? null : r.office().strip();
        // the office's name is shown on the notice and stored as typed: no ID number, no NUL (FreeText)
        var officeProblem = FreeText.check(office).or(() -> FreeText.check(kind));
        if (officeProblem.isPresent()) {
            String field = FreeText.check(office).isPresent() ? "office" : "kind";
            return Mono.error(new InvalidRequestException(field, officeProblem.get() == FreeText.Problem.NUL
                    ? "nul-character" : "id-number-in-free-text", officeProblem.get().chinese() + " (" + field + ")"));
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        return Mono.defer(() -> store.lock(List.of(personRef))
                        .then(store.rememberMaskedIds(maskedId == null ? Map.of() : Map.of(personRef, maskedId)))
                        .then(approvedThisYear(personRef, policyRegion, kind, date.getYear()))
                        .flatMap(already -> {
                            ApplicationDecision d = decide(id, personRef, maskedId, region, policy, kind, date, already, office, now);
                            Mono<Void> insert = insert(d, policyRegion, office);
                            if (!"APPROVED".equals(d.status())) {
                                return insert.thenReturn(d);
                            }
                            return insert.then(settlements.reconcile(personRef, "GRANT_APPROVED", id)).map(d::withAdjustments)
                                    .flatMap(withLines -> db.sql("update grant_application set answer = $2 where id = $1")
                                            .bind(0, id).bind(1, json.writeValueAsString(withLines)).fetch().rowsUpdated().thenReturn(withLines))
                                    .flatMap(this::withLines);
                        }))
                .as(tx::transactional);
    }

    private Mono<Boolean> approvedThisYear(String personRef, String policyRegion, String kind, int year) {
        return db.sql("""
                select count(*) from grant_application where person_ref = $1 and policy_region = $2 and kind = $3
                and status = 'APPROVED' and extract(year from application_date) = $4""")
                .bind(0, personRef).bind(1, policyRegion).bind(2, kind).bind(3, year)
                .map((row, meta) -> row.get(0, Long.class)).one().map(n -> n > 0);
    }

    private ApplicationDecision decide(UUID id, String personRef, String masked, String region, RegionPolicy policy, String kind,
                                       LocalDate date, boolean alreadyThisYear, String office, Instant now) {
        String rule = null;
        String clause = null;
        if (!policy.grantKinds().contains(kind)) {
            rule = "本地区医疗救助政策未设立该类依申请救助（" + kind + "），可申请的类别为：" + String.join("、", policy.grantKinds());
            clause = policy.version() + " grants";
        } else if (alreadyThisYear && policy.grantOncePerYear(kind)) {
            rule = "同一自然年度内已获批同类救助，本年度不得重复申请";
            clause = policy.version() + " grants." + kind + "（" + policy.name() + "：一个自然年度内只能申请一次）";
        }
        if (rule == null) {
            LocalDate[] window = policy.grantWindow(new Grant(id.toString(), kind, date)).orElseThrow();
            return new ApplicationDecision(id, "APPROVED", personRef, masked, region, policy.version(), kind, date, window[0], window[1], 0,
                    null, now, List.of(), "0.00");
        }
        LocalDate issued = LocalDate.ofInstant(now, clock.getZone());
        String applicant = masked == null ? "申请人" : "申请人（身份证号码 " + masked + "）";
        String text = "你于" + date.getYear() + "年" + date.getMonthValue() + "月" + date.getDayOfMonth()
                + "日提交的医疗救助申请收悉。经研究，不符合医疗救助政策的以下规定：" + rule + "（" + clause + "）。决定不予救助，特此书面告知。";
        var notice = new ApplicationDecision.RefusalNotice("不符合医疗救助条件书面告知书", "[" + issued.getYear() + "]第 "
                + id.toString().substring(0, 8) + " 号", applicant, text, rule, clause,
                "如对本决定不服，可自收到本决定之日起 60 日内依法提起行政复议",
                "或 6 个月内向人民法院提起诉讼", office == null || office.isEmpty() ? "医疗保障经办机构" : office, issued);
        return new ApplicationDecision(id, "REFUSED", personRef, masked, region, policy.version(), kind, date, null, null, 0, notice, now,
                List.of(), "0.00");
    }

    private Mono<Void> insert(ApplicationDecision d, String policyRegion, String office) {
        return db.sql("""
                insert into grant_application (id, person_ref, masked_id, region_code, policy_region, policy_version, kind,
                                               application_date, office, status, answer, created_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""")
                .bind(0, d.applicationId()).bind(1, d.personRef()).bind(2, d.maskedIdNumber() == null ? "" : d.maskedIdNumber())
                .bind(3, d.regionCode()).bind(4, policyRegion).bind(5, d.policyVersion()).bind(6, d.kind())
                .bind(7, d.applicationDate()).bind(8, office == null ? "" : office).bind(9, d.status())
                .bind(10, json.writeValueAsString(d)).bind(11, d.decidedAt().atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    /**
     * The decision, if the application's region lies in the area {@code regionPrefix} (null: any region); one outside
     * it is not found, exactly as an unknown one.
     */
    Mono<ApplicationDecision> get(UUID id, String regionPrefix) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                select answer from grant_application where id = $1 and ($2::text is null or starts_with(region_code, $2))""")
                .bind(0, id);
        spec = regionPrefix == null ? spec.bindNull(1, String.class) : spec.bind(1, regionPrefix);
        return spec.map((row, meta) -> row.get(0, String.class)).one()
                .map(a -> json.readValue(a, ApplicationDecision.class))
                .switchIfEmpty(Mono.error(new NotFoundException("申请不存在 (no application " + id + ")")))
                .flatMap(this::withLines);
    }

    /**
     * The decision with the adjustment lines its approval caused, read from the payment lines (the money's one
     * record, never a copy): each line's cause is the application. A line's "before" and "after" are the layer's
     * running total on its settlement in line order, so they hold whatever was paid on that settlement before or since.
     */
    private Mono<ApplicationDecision> withLines(ApplicationDecision d) {
        return db.sql("""
                        select t.settlement_id, s.hospital_id, s.hospital_ref, s.discharge_date, t.layer, t.fund_code, t.amount_fen,
                               t.after_fen, t.clause, t.reason, t.created_at
                        from (select p.*, sum(p.amount_fen) over (partition by p.settlement_id, p.layer order by p.id)::bigint as after_fen
                              from payment p
                              where p.settlement_id in (select a.settlement_id from payment a
                                                        where a.cause_id = $1 and a.kind = 'ADJUSTMENT')) t
                        join settlement s on s.id = t.settlement_id
                        where t.cause_id = $1 and t.kind = 'ADJUSTMENT'
                        order by s.discharge_date, s.seq, t.id""")
                .bind(0, d.applicationId())
                .map((row, meta) -> {
                    Money difference = Money.ofFen(row.get("amount_fen", Long.class));
                    Money after = Money.ofFen(row.get("after_fen", Long.class));
                    return new ApplicationDecision.Adjustment(row.get("settlement_id", UUID.class), row.get("hospital_id", String.class),
                            row.get("hospital_ref", String.class), row.get("discharge_date", LocalDate.class),
                            row.get("layer", String.class), row.get("fund_code", String.class), after.minus(difference).toString(),
                            after.toString(), difference.toString(), row.get("clause", String.class), row.get("reason", String.class),
                            row.get("created_at", OffsetDateTime.class).toInstant());
                })
                .all().collectList()
                .map(lines -> {
                    Money paid = Money.ZERO;
                    for (ApplicationDecision.Adjustment line : lines) {
                        paid = paid.plus(Money.of(line.difference()));
                    }
                    return d.withLines(lines, paid.toString());
                });
    }
}

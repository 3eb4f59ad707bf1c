package org.onestop.settlement.fhir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.onestop.events.Caller;
import org.onestop.events.PersonRef;
import org.onestop.settlement.access.Access;
import org.onestop.settlement.settle.NotFoundException;
import org.onestop.settlement.settle.SettlementAnswer;
import org.onestop.settlement.settle.SettlementService;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The FHIR R4 read and search of settlements as ExplanationOfBenefit ({@code application/fhir+json}, docs/fhir.md):
 * {@code GET /api/v1/fhir/ExplanationOfBenefit/{settlementId}} and
 * {@code GET /api/v1/fhir/ExplanationOfBenefit?patient=<personRef>&created=<year>[&_count=n][&_page=token]}. Who sees
 * what follows the settlement and person-year reads ({@link Access}): a hospital its own settlements, an insurance
 * office the settlements insured in its area; another's is answered 404 exactly as an unknown one, and is absent from
 * a search. Errors are OperationOutcome ({@link FhirErrors}).
 */
@RestController
@RequestMapping(ExplanationOfBenefitController.PATH)
class ExplanationOfBenefitController {

    static final String BASE = FhirBase.PATH;
    static final String PATH = BASE + "/ExplanationOfBenefit";

    /** A page holds this many entries unless {@code _count} asks for fewer; a larger {@code _count} is cut to {@link #MAX_COUNT}. */
    static final int DEFAULT_COUNT = 20;
    static final int MAX_COUNT = 50;
    /** Everything the search reads; any other parameter is refused (FHIR's strict handling), not silently ignored. */
    static final Set<String> PARAMETERS = Set.of("patient", "created", "_count", "_page");

    private final SettlementService settlements;
    private final DatabaseClient db;
    private final PageTokens tokens;
    private final FhirBase base;

    ExplanationOfBenefitController(SettlementService settlements, DatabaseClient db, PageTokens tokens, FhirBase base) {
        this.settlements = settlements;
        this.db = db;
        this.tokens = tokens;
        this.base = base;
    }

    @GetMapping("/{id}")
    Mono<ResponseEntity<String>> read(Caller caller, @PathVariable String id, ServerHttpRequest request) {
        Access.require(caller, Access.Resource.PERSONS);
        String area = Access.area(caller);
        UUID settlementId = uuid(id);
        if (settlementId == null) {
            return Mono.error(notFound(id));
        }
        SearchParameters.check(request.getQueryParams(), Set.of());
        return settlements.get(settlementId, Access.hospital(caller))
                .filter(a -> inArea(a, area))
                // the same answer whether the settlement is unknown or not the caller's
                .switchIfEmpty(Mono.error(() -> notFound(id)))
                .map(a -> FhirJson.ok(ExplanationOfBenefits.of(a)));
    }

    /**
     * The person's settlements discharged in {@code created} (the person-year, as {@code /api/v1/persons/{ref}/years/{year}}
     * counts it), oldest discharge first (then by id: a stable order), cancelled ones included with status
     * {@code cancelled}, {@code _count} a page. The next and previous links carry a signed {@code _page} token
     * ({@link PageTokens}); {@code total} counts the whole search.
     */
    @GetMapping
    Mono<ResponseEntity<String>> search(Caller caller, ServerHttpRequest request) {
        Access.require(caller, Access.Resource.PERSONS);
        MultiValueMap<String, String> query = request.getQueryParams();
        SearchParameters.check(query, PARAMETERS);
        String person = person(query.getFirst("patient"));
        int year = year(query.getFirst("created"));
        int count = count(query.getFirst("_count"));
        PageTokens.Page page = null;
        String token = query.getFirst("_page");
        if (token != null) {
            page = tokens.verify(caller, token);
            // the token is for this search only: another person, year or page size with it is a forgery, not a new search
            if (!page.person().equals(person) || page.year() != year || page.count() != count) {
                throw PageTokens.invalid();
            }
        }
        Filter filter = new Filter(person, year, Access.hospital(caller), Access.area(caller));
        String fhirBase = base.of(request);
        String self = fhirBase + "/ExplanationOfBenefit" + (request.getURI().getRawQuery() == null ? "" : "?" + request.getURI().getRawQuery());
        PageTokens.Page cursor = page;
        return keys(filter, cursor, count).collectList().flatMap(keys -> counts(filter, keys).flatMap(counts -> {
            List<UUID> ids = keys.stream().map(Key::id).toList();
            return Flux.fromIterable(ids)
                    .flatMapSequential(settlements::get, 4)
                    .map(ExplanationOfBenefits::of)
                    .collectList()
                    .map(found -> {
                        Bundle bundle = bundle(found, fhirBase, self, counts.total());
                        String search = fhirBase + "/ExplanationOfBenefit?patient=" + person + "&created=" + year + "&_count=" + count;
                        if (!keys.isEmpty() && counts.before() > 0) {
                            Key first = keys.get(0);
                            bundle.addLink().setRelation("previous").setUrl(search + "&_page="
                                    + encode(tokens.issue(caller, new PageTokens.Page(person, year, count, false, first.date(), first.id()))));
                        }
                        if (!keys.isEmpty() && counts.before() + keys.size() < counts.total()) {
                            Key last = keys.get(keys.size() - 1);
                            bundle.addLink().setRelation("next").setUrl(search + "&_page="
                                    + encode(tokens.issue(caller, new PageTokens.Page(person, year, count, true, last.date(), last.id()))));
                        }
                        return FhirJson.ok(bundle);
                    });
        }));
    }

    /** The caller's filters of the settlement reads on the person-year. */
    private record Filter(String person, int year, String hospital, String area) {
    }

    private record Key(LocalDate date, UUID id) {
    }

    private record Counts(long total, long before) {
    }

    private static final String WHERE = """
             from settlement where person_ref = $1 and discharge_date >= $2 and discharge_date < $3
                and ($4::text is null or hospital_id = $4) and ($5::text is null or starts_with(region_code, $5))""";

    /** One page of keys in the search's order: after or before the cursor, or from the start. */
    private Flux<Key> keys(Filter f, PageTokens.Page cursor, int count) {
        if (count == 0) {
            return Flux.empty();
        }
        boolean forward = cursor == null || cursor.forward();
        String sql = "select discharge_date, id " + WHERE
                + (cursor == null ? "" : forward ? " and (discharge_date, id) > ($6::date, $7::uuid)" : " and (discharge_date, id) < ($6::date, $7::uuid)")
                + (forward ? " order by discharge_date, id" : " order by discharge_date desc, id desc")
                + " limit " + count;
        DatabaseClient.GenericExecuteSpec spec = bind(db.sql(sql), f);
        if (cursor != null) {
            spec = spec.bind(5, cursor.dischargeDate()).bind(6, cursor.id());
        }
        Flux<Key> keys = spec.map((row, meta) -> new Key(row.get(0, LocalDate.class), row.get(1, UUID.class))).all();
        // a page read backwards is shown in the search's order
        return forward ? keys : keys.collectList().flatMapIterable(list -> {
            List<Key> reversed = new ArrayList<>(list);
            Collections.reverse(reversed);
            return reversed;
        });
    }

    /** The search's total, and how many of its entries come before this page's first (none: no previous page). */
    private Mono<Counts> counts(Filter f, List<Key> page) {
        if (page.isEmpty()) {
            return bind(db.sql("select count(*) " + WHERE), f).map((row, meta) -> new Counts(row.get(0, Long.class), 0)).one();
        }
        Key first = page.get(0);
        return bind(db.sql("select count(*), count(*) filter (where (discharge_date, id) < ($6::date, $7::uuid)) " + WHERE), f)
                .bind(5, first.date()).bind(6, first.id())
                .map((row, meta) -> new Counts(row.get(0, Long.class), row.get(1, Long.class))).one();
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, Filter f) {
        LocalDate from = LocalDate.of(f.year(), 1, 1);
        spec = spec.bind(0, f.person()).bind(1, from).bind(2, from.plusYears(1));
        spec = f.hospital() == null ? spec.bindNull(3, String.class) : spec.bind(3, f.hospital());
        return f.area() == null ? spec.bindNull(4, String.class) : spec.bind(4, f.area());
    }

    private static String person(String patient) {
        String person = patient == null ? null : patient.strip().replaceFirst("^Patient/", "");
        if (person == null || !PersonRef.isValid(person)) {
            throw FhirProblem.INVALID_PERSON_REF_FORMAT.with(
                    "patient 须为人员标识 personRef (64位小写十六进制) (patient must be a personRef: 64 lowercase hex characters)", "patient");
        }
        return person;
    }

    private static int year(String created) {
        String c = created == null ? "" : created.strip();
        if (!c.matches("\\d{4}") || Integer.parseInt(c) < 2000 || Integer.parseInt(c) > 2100) {
            throw FhirProblem.INVALID_YEAR_RANGE.with("created 须为年度 yyyy (created must be a year, yyyy, 2000-2100)", "created");
        }
        return Integer.parseInt(c);
    }

    /** {@code _count}: absent is {@link #DEFAULT_COUNT}, above {@link #MAX_COUNT} is cut to it (FHIR lets a server page smaller). */
    private static int count(String text) {
        if (text == null) {
            return DEFAULT_COUNT;
        }
        String c = text.strip();
        if (!c.matches("\\d{1,9}")) {
            throw FhirProblem.INVALID_COUNT.with(FhirProblem.INVALID_COUNT.display(), "_count");
        }
        return Math.min(Integer.parseInt(c), MAX_COUNT);
    }

    private static UUID uuid(String id) {
        try {
            return id.length() == 36 ? UUID.fromString(id) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("结算不存在 (no ExplanationOfBenefit " + (uuid(id) == null ? "with that id" : id) + ")");
    }

    private static boolean inArea(SettlementAnswer a, String area) {
        return area == null || (a.regionCode() != null && a.regionCode().startsWith(area));
    }

    private static String encode(String token) {
        return URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private static Bundle bundle(List<ExplanationOfBenefit> found, String fhirBase, String self, long total) {
        Bundle bundle = new Bundle();
        bundle.setType(BundleType.SEARCHSET);
        bundle.setTotal((int) total);
        bundle.addLink().setRelation("self").setUrl(self);
        for (ExplanationOfBenefit eob : found) {
            bundle.addEntry().setFullUrl(fhirBase + "/ExplanationOfBenefit/" + eob.getIdElement().getIdPart()).setResource(eob)
                    .getSearch().setMode(SearchEntryMode.MATCH);
        }
        return bundle;
    }
}

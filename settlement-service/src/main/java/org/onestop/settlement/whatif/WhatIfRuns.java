package org.onestop.settlement.whatif;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.RegionPolicy;
import org.onestop.settlement.SettlementProperties;
import org.onestop.settlement.settle.InvalidRequestException;
import org.onestop.whatif.CandidateException;
import org.onestop.whatif.CandidatePolicy;
import org.onestop.whatif.HistoryCsv;
import org.onestop.whatif.PersonHistory;
import org.onestop.whatif.WhatIf;
import org.onestop.whatif.WhatIfReport;
import org.onestop.whatif.WhatIfRunner;
import org.onestop.whatif.WhatIfTally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Policy what-if runs (docs/what-if.md): a request is validated (the candidate by the policy's own loader), stored
 * QUEUED and answered at once; this replica then runs it on its own threads, one run at a time, the replay of each chunk
 * of books on every core. Read-only on the books. Cancellable from any replica (the flag is in {@code whatif_run}).
 */
@Service
public class WhatIfRuns {

    private static final Logger log = LoggerFactory.getLogger(WhatIfRuns.class);

    /** Persons per load: four queries each ({@code BookStore.loadAll}); the next chunk loads while one is replayed. */
    static final int CHUNK = 2000;
    /** A RUNNING run not updated for this long lost its replica (progress is written after every chunk). */
    static final Duration STALE = Duration.ofMinutes(5);

    private final WhatIfRunStore store;
    private final RegionYearBooks books;
    private final PolicyCatalog catalog;
    private final SettlementProperties properties;
    private final WhatIfProperties limits;
    private final JsonMapper json;
    private final Clock clock;
    private final int threads = Runtime.getRuntime().availableProcessors();
    private final ExecutorService runs = Executors.newSingleThreadExecutor(daemon("whatif-run"));
    private final ExecutorService replay = Executors.newFixedThreadPool(threads, daemon("whatif-replay"));
    private final Set<UUID> cancelled = ConcurrentHashMap.newKeySet();

    WhatIfRuns(WhatIfRunStore store, RegionYearBooks books, PolicyCatalog catalog, SettlementProperties properties,
               WhatIfProperties limits, JsonMapper json, Clock clock) {
        this.limits = limits;
        this.store = store;
        this.books = books;
        this.catalog = catalog;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Validates and queues a run.
     *
     * @param area   the caller's area prefix (stored for the record), null for none
     * @param office the caller's client id: at most {@link WhatIfProperties#maxActivePerOffice} of its runs are queued
     *               or running at once
     * @throws InvalidRequestException naming the field or the candidate's parameter at fault
     * @throws WhatIfLimitException    when the office is at its limit (nothing is stored)
     */
    public Mono<WhatIfRun> start(WhatIfRequest request, String area, String office) {
        return Mono.fromCallable(() -> prepare(request))
                .flatMap(prepared -> {
                    UUID id = UUID.randomUUID();
                    Instant now = clock.instant();
                    int limit = limits.maxActivePerOffice();
                    return store.insert(id, request.region(), request.year(), area, office, prepared.yaml(),
                                    prepared.parameters(), limit, now, now.minus(STALE))
                            .flatMap(stored -> stored
                                    ? Mono.fromRunnable(() -> runs.submit(() -> execute(id))).then(store.find(id))
                                    : Mono.error(new WhatIfLimitException(limit)));
                });
    }

    private record Prepared(String yaml, String parameters) {
    }

    private Prepared prepare(WhatIfRequest r) {
        if (r.region() == null || !r.region().matches("\\d{6}")
                || !r.region().equals(catalog.policyRegionOf(r.region()).orElse(null))) {
            throw new InvalidRequestException("region", "region", "须为政策统筹区代码 (region must be the code of a policy region, e.g. 360400)");
        }
        if (r.year() == null || r.year() < 2000 || r.year() > 2100) {
            throw new InvalidRequestException("year", "year-range", "年度超出范围 (year out of range)");
        }
        WhatIfRequest.Candidate c = r.candidate();
        boolean yaml = c != null && c.yaml() != null;
        boolean overrides = c != null && c.overrides() != null;
        if (yaml == overrides) {
            throw new InvalidRequestException("candidate", "candidate",
                    "须给出完整政策文件或参数修改之一 (give the candidate as either yaml or overrides)");
        }
        try {
            if (yaml) {
                return new Prepared(CandidatePolicy.ofYaml(c.yaml(), r.region()).yaml(), null);
            }
            String version = c.version() != null ? c.version()
                    : catalog.policyFor(r.region(), LocalDate.of(r.year(), 12, 31)).version();
            boolean ofRegion = catalog.all().stream()
                    .anyMatch(p -> p.version().equals(version) && p.regionCode().equals(r.region()));
            if (!ofRegion) {
                throw new InvalidRequestException("candidate.version", "candidate",
                        "该统筹区无此政策版本 (no policy version " + version + " of region " + r.region() + ")");
            }
            Map<String, String> deployment = new LinkedHashMap<>();
            properties.policyOverrides().forEach((key, value) -> {
                if (key.startsWith(version + ".")) {
                    deployment.put(key.substring(version.length() + 1), value);
                }
            });
            CandidatePolicy candidate = CandidatePolicy.ofOverrides(version, deployment, c.overrides());
            return new Prepared(candidate.yaml(), json.writeValueAsString(c.overrides()));
        } catch (CandidateException e) {
            throw new InvalidRequestException(e.parameter(), "candidate", "候选政策无效 (the candidate is invalid: " + e.getMessage() + ")");
        }
    }

    /** The run as stored; a RUNNING run whose replica stopped updating it reads as FAILED. */
    public Mono<WhatIfRun> get(UUID id) {
        return store.find(id).map(run -> stale(run) ? run.failed("the replica running it stopped") : run);
    }

    private boolean stale(WhatIfRun run) {
        return WhatIfRun.RUNNING.equals(run.status()) && run.updatedAt().isBefore(clock.instant().minus(STALE));
    }

    /** Asks the run to stop; empty when it is unknown or finished. */
    public Mono<String> cancel(UUID id) {
        cancelled.add(id);
        return store.cancel(id, clock.instant());
    }

    /** The export the Spark job reads ({@code HistoryCsv}): the books of the region-year's persons, chunk by chunk. */
    public Flux<String> export(String region, int year) {
        return books.persons(region, year)
                .flatMapMany(persons -> Flux.fromIterable(chunks(persons)))
                .concatMap(books::histories)
                .flatMapIterable(histories -> histories.stream().flatMap(h -> HistoryCsv.lines(h).stream())
                        .map(line -> line + "\n").toList());
    }

    private void execute(UUID id) {
        try {
            if (!Boolean.TRUE.equals(store.claim(id, clock.instant()).block())) {
                return; // cancelled while queued
            }
            String yaml = store.candidate(id).block();
            WhatIfRun run = store.find(id).block();
            RegionPolicy candidate = CandidatePolicy.ofYaml(yaml, run.region()).policy();
            WhatIf whatIf = new WhatIf(catalog, run.region(), run.year(), candidate);
            List<String> persons = books.persons(run.region(), run.year()).block();
            List<List<String>> chunks = chunks(persons);
            if (Boolean.TRUE.equals(store.progress(id, persons.size(), 0, clock.instant()).block())) {
                cancelled.add(id);
            }
            WhatIfTally total = new WhatIfTally();
            AtomicInteger done = new AtomicInteger();
            CompletableFuture<List<PersonHistory>> next = chunks.isEmpty() ? null : books.histories(chunks.get(0)).toFuture();
            for (int k = 0; k < chunks.size(); k++) {
                if (cancelled.contains(id)) {
                    throw new CancellationException();
                }
                List<PersonHistory> loaded = next.join();
                next = k + 1 < chunks.size() ? books.histories(chunks.get(k + 1)).toFuture() : null;
                total.merge(WhatIfRunner.tally(whatIf, loaded, replay, threads, () -> cancelled.contains(id)));
                if (Boolean.TRUE.equals(store.progress(id, persons.size(), done.addAndGet(loaded.size()), clock.instant()).block())) {
                    cancelled.add(id);
                }
            }
            if (cancelled.contains(id)) {
                throw new CancellationException();
            }
            store.finish(id, WhatIfRun.DONE, WhatIfReport.json(whatIf, total), WhatIfReport.csv(whatIf, total), null,
                    clock.instant()).block();
            log.info("what-if {} done: {} persons", id, persons.size());
        } catch (CancellationException e) {
            store.finish(id, WhatIfRun.CANCELLED, null, null, null, clock.instant()).block();
            log.info("what-if {} cancelled", id);
        } catch (RuntimeException e) {
            log.warn("what-if {} failed ({})", id, e.getClass().getName(), e);
            store.finish(id, WhatIfRun.FAILED, null, null, e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant())
                    .onErrorResume(x -> Mono.empty()).block();
        } finally {
            cancelled.remove(id);
        }
    }

    private static List<List<String>> chunks(List<String> persons) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < persons.size(); from += CHUNK) {
            chunks.add(persons.subList(from, Math.min(persons.size(), from + CHUNK)));
        }
        return chunks;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @PreDestroy
    void stop() {
        runs.shutdownNow();
        replay.shutdownNow();
    }
}

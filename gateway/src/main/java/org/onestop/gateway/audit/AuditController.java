package org.onestop.gateway.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.onestop.gateway.problem.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Operators read the audit log: {@code GET /api/v1/audit?partner=&from=&to=&limit=}, newest first. Scope {@code audit:read}. */
@RestController
class AuditController {

    record AuditPage(String partner, Instant from, Instant to, int limit, List<AuditEntry> entries) {
    }

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<AuditPage> query(@RequestParam(required = false) String partner, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(defaultValue = "100") int limit) {
        Instant f = instant("from", from, Instant.EPOCH);
        Instant t = instant("to", to, Instant.now().plusSeconds(1));
        if (limit < 1 || limit > 1000) {
            throw Problem.of(HttpStatus.BAD_REQUEST, "bad-limit", "limit: 1..1000");
        }
        if (partner != null && (partner.isBlank() || partner.length() > 100)) {
            throw Problem.of(HttpStatus.BAD_REQUEST, "bad-partner", "partner: a client id");
        }
        // entries of the last flush interval may still be queued: flush first so an operator sees their own last call
        return audit.flush().then(audit.query(partner, f, t, limit).collectList())
                .map(entries -> new AuditPage(partner, f, t, limit, entries));
    }

    private static Instant instant(String name, String text, Instant otherwise) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(text.strip()).atStartOfDay(java.time.ZoneOffset.ofHours(8)).toInstant();
            } catch (DateTimeParseException e2) {
                throw Problem.of(HttpStatus.BAD_REQUEST, "bad-time", name + ": an ISO-8601 instant (2026-11-25T08:00:00Z) or a date (2026-11-25, Beijing time)");
            }
        }
    }
}

package org.onestop.identity.person.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.onestop.events.PersonRef;
import org.onestop.events.ResidentIdNumber;
import org.onestop.identity.access.PartnerAccess;
import org.onestop.identity.access.PartnerAccess.Visibility;
import org.onestop.identity.person.PersonQueries;
import org.onestop.identity.person.PersonRefs;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * A person's identities as of a date, by person reference or (in the body, never the URL) by ID number. A department
 * sees only the records of the types it owns inside its area, and a person without any such record as unknown (404),
 * so a department cannot learn who holds another department's identities ({@link PartnerAccess}).
 */
@RestController
@RequestMapping(path = "/api/v1/identity/persons", produces = MediaType.APPLICATION_JSON_VALUE)
class PersonController {

    /** The answer: masked number and birth year only (never the full birth date). {@code on} is the date asked about. */
    record PersonIdentities(String personRef, String maskedIdNumber, int birthYear, String householdRef,
            LocalDate on, List<PersonQueries.Identity> identities) {
    }

    /** The ID number travels in the body so it never lands in an access log. */
    record Lookup(String idNumber, String on) {
        @Override
        public String toString() {
            return "Lookup[on=" + on + "]";
        }
    }

    private final PersonQueries queries;
    private final PersonRefs personRefs;
    private final Clock clock;

    PersonController(PersonQueries queries, PersonRefs personRefs, Optional<Clock> clock) {
        this.queries = queries;
        this.personRefs = personRefs;
        this.clock = clock.orElse(Clock.systemDefaultZone());
    }

    @GetMapping("/{personRef}/identities")
    Mono<PersonIdentities> identities(@PathVariable String personRef, @RequestParam Optional<String> on,
            @AuthenticationPrincipal Jwt token) {
        Visibility visibility = visibility(token);
        if (!PersonRef.isValid(personRef)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "personRef must be 64 lowercase hex characters");
        }
        return answer(personRef, date(on.orElse(null)), visibility);
    }

    @GetMapping("/{personRef}/history")
    Mono<List<PersonQueries.Fact>> history(@PathVariable String personRef, @AuthenticationPrincipal Jwt token) {
        Visibility visibility = visibility(token);
        if (!PersonRef.isValid(personRef)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "personRef must be 64 lowercase hex characters");
        }
        return queries.person(personRef, visibility).switchIfEmpty(Mono.error(unknown()))
                .flatMap(p -> queries.history(personRef, visibility).collectList());
    }

    @PostMapping(path = "/lookup", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<PersonIdentities> lookup(@RequestBody Lookup lookup, @AuthenticationPrincipal Jwt token) {
        Visibility visibility = visibility(token);
        LocalDate today = LocalDate.now(clock);
        Optional<ResidentIdNumber.Problem> problem = ResidentIdNumber.check(lookup.idNumber(), today);
        if (problem.isPresent()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    problem.get().chinese() + " (" + problem.get().code() + ")");
        }
        String ref = personRefs.of(ResidentIdNumber.of(lookup.idNumber(), today)).value();
        return answer(ref, date(lookup.on()), visibility);
    }

    /** What the caller may see (null: everything); 400 invalid-caller / 403 before anything is read. */
    private static Visibility visibility(Jwt token) {
        return PartnerAccess.personVisibility(PartnerAccess.caller(token.getClaims()::get));
    }

    private Mono<PersonIdentities> answer(String personRef, LocalDate on, Visibility visibility) {
        return queries.person(personRef, visibility).switchIfEmpty(Mono.error(unknown()))
                .flatMap(p -> queries.identitiesOn(personRef, on, visibility).collectList()
                        .map(ids -> new PersonIdentities(p.personRef(), p.maskedIdNumber(), p.birthYear(),
                                p.householdRef(), on, ids)));
    }

    private LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            return LocalDate.now(clock);
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "on must be a date yyyy-MM-dd");
        }
    }

    private static ResponseStatusException unknown() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "本系统没有该人员的身份记录 (no identities recorded for this person)");
    }
}

package org.onestop.settlement.settle.web;

import org.onestop.events.Caller;
import org.onestop.events.PersonRef;
import org.onestop.settlement.access.Access;
import org.onestop.settlement.settle.InvalidRequestException;
import org.onestop.settlement.settle.NotFoundException;
import org.onestop.settlement.settle.PersonYear;
import org.onestop.settlement.settle.SettlementService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/persons/{personRef}/years/{year}} (like NHSA 5206): a person's cumulative amounts and what remains
 * of each cap. A hospital sees the years in which it treated the person, an insurance office the persons of its area
 * ({@link SettlementService#yearVisible}); any other person-year is not found for them.
 */
@RestController
class PersonYearController {

    private final SettlementService settlements;

    PersonYearController(SettlementService settlements) {
        this.settlements = settlements;
    }

    @GetMapping("/api/v1/persons/{personRef}/years/{year}")
    Mono<PersonYear> year(Caller caller, @PathVariable String personRef, @PathVariable int year) {
        Access.require(caller, Access.Resource.PERSONS);
        if (!PersonRef.isValid(personRef)) {
            return Mono.error(new InvalidRequestException("personRef", "person-ref-format", "personRef 须为64位小写十六进制 (must be 64 lowercase hex characters)"));
        }
        if (year < 2000 || year > 2100) {
            return Mono.error(new InvalidRequestException("year", "year-range", "年度超出范围 (year out of range)"));
        }
        return settlements.yearVisible(personRef, year, Access.hospital(caller), Access.area(caller))
                .flatMap(visible -> visible ? settlements.book(personRef).map(book -> PersonYear.of(personRef, year, book))
                        // the same answer whether the person is unknown or not the caller's
                        : Mono.error(new NotFoundException("无此人员该年度记录 (no such person-year)")));
    }
}

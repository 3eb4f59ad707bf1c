package org.onestop.enrollment.subsidy.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.onestop.enrollment.subsidy.Contribution;
import org.onestop.enrollment.subsidy.Enrollments;
import org.onestop.enrollment.subsidy.SubsidyChange;
import org.onestop.enrollment.subsidy.YearDecision;
import org.onestop.events.Caller;
import org.onestop.events.PersonRef;
import org.onestop.events.ResidentIdNumber;
import org.onestop.messaging.personref.PersonRefProperties;
import org.onestop.policy.Money;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The tax bureau reports what a person paid for an insurance year. The person is named by {@code personRef} or by
 * the ID number (turned into the reference under the deployment secret here and then forgotten: never stored, logged
 * or echoed). A report replaces the earlier one for the same person-year; the same report again changes nothing.
 */
@RestController
@RequestMapping("/api/v1/enrollment/contributions")
class ContributionController {

    /**
     * @param amount yuan, at most two decimals, not negative
     * @param paidOn the day the payment was made
     * @param regionCode the 6-digit area (GB/T 2260) whose office reports the payment; required from an insurance
     *                   office (it must lie in the office's area), ignored from internal callers
     */
    record ContributionReport(String personRef, String idNumber, Integer year, BigDecimal amount, LocalDate paidOn,
            String regionCode) {
        @Override
        public String toString() {
            return "ContributionReport[year=" + year + "]";
        }
    }

    record ChangeView(UUID eventId, String change, String amount, String reason) {
    }

    record ContributionAnswer(String personRef, int year, boolean unchanged, String status, String reason, String amount,
            String refund, List<ChangeView> changes) {
    }

    private final Enrollments enrollments;
    private final byte[] secret;

    ContributionController(Enrollments enrollments, PersonRefProperties personRef) {
        this.enrollments = enrollments;
        this.secret = personRef.secretBytes();
    }

    /**
     * Insurance offices only: the stated {@code regionCode} and the regions this service already
     * holds for the person-year must lie in the office's area (403 {@code not-your-region}, nothing stored).
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ContributionAnswer> report(@RequestBody ContributionReport report, @AuthenticationPrincipal Jwt token) {
        Caller caller = PartnerScope.caller(token);
        PartnerScope.require(caller, Caller.Type.INSURANCE_OFFICE);
        if (report.regionCode() == null || report.regionCode().isBlank()) {
            throw RequestException.badRequest("region-required", "缺少行政区划代码 (regionCode is required)");
        }
        if (!caller.inRegion(report.regionCode())) {
            throw PartnerScope.notYourRegion();
        }
        String ref = personRef(report);
        if (report.year() == null || report.year() < 2000 || report.year() > 2100) {
            throw RequestException.badRequest("invalid-year", "参保年度无效 (year must be a four-digit insurance year)");
        }
        if (report.paidOn() == null) {
            throw RequestException.badRequest("invalid-paid-on", "缴费日期缺失 (paidOn is required, YYYY-MM-DD)");
        }
        Money amount;
        try {
            amount = Money.of(report.amount().toPlainString());
        } catch (RuntimeException e) {
            throw RequestException.badRequest("invalid-amount", "缴费金额无效 (amount must be yuan with at most two decimals)");
        }
        if (amount.isNegative()) {
            throw RequestException.badRequest("invalid-amount", "缴费金额不能为负 (amount must not be negative)");
        }
        Contribution c = new Contribution(report.year(), amount, report.paidOn());
        // checked again under the person's lock: a person-year held for another area is not this office's to report
        return enrollments.recordContribution(ref, c, regions -> {
            if (!regions.isEmpty() && !PartnerScope.sees(caller, regions)) {
                throw PartnerScope.notYourRegion();
            }
        }).map(r -> {
            Optional<YearDecision> d = r.decision();
            return new ContributionAnswer(ref, c.year(), r.unchanged(), d.map(x -> x.status().name()).orElse("NONE"),
                    d.map(YearDecision::reason).orElse("NO_IDENTITY"), d.map(x -> text(x.amount())).orElse(null),
                    d.map(x -> text(x.refund())).orElse(null), r.changes().stream().map(ContributionController::view).toList());
        });
    }

    private String personRef(ContributionReport report) {
        boolean hasRef = report.personRef() != null && !report.personRef().isBlank();
        boolean hasId = report.idNumber() != null && !report.idNumber().isBlank();
        if (hasRef == hasId) {
            throw RequestException.badRequest("person-required", "须提供 personRef 或 idNumber 之一 (exactly one of personRef, idNumber)");
        }
        if (hasRef) {
            if (!PersonRef.isValid(report.personRef())) {
                throw RequestException.badRequest("invalid-person-ref", "人员标识无效 (personRef must be 64 lowercase hex characters)");
            }
            return report.personRef();
        }
        if (!ResidentIdNumber.isValid(report.idNumber().strip())) {
            throw RequestException.badRequest("invalid-id-number", "身份证号码无效 (the ID number fails GB 11643 validation)");
        }
        return ResidentIdNumber.of(report.idNumber().strip()).personRef(secret).value();
    }

    private static ChangeView view(SubsidyChange c) {
        return new ChangeView(c.eventId(), c.change().name(), c.amount().toString(), c.reason());
    }

    private static String text(Money m) {
        return m == null ? null : m.toString();
    }
}

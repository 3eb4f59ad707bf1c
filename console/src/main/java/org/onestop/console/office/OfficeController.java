package org.onestop.console.office;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.onestop.console.gateway.ApiAnswer;
import org.onestop.console.gateway.GatewayClient;
import org.onestop.console.session.ConsoleSession;
import org.onestop.console.session.Pages;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An insurance office's pages: register an application and see its decision, print a refusal notice (the API's own
 * printable page, passed through), read a person-year, download the tax bureau's list.
 */
@Controller
class OfficeController {

    private static final Pattern PERSON_REF = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern REGION = Pattern.compile("\\d{6}");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

    private final GatewayClient gateway;

    OfficeController(GatewayClient gateway) {
        this.gateway = gateway;
    }

    @GetMapping("/console/applications")
    Rendering form(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session) {
        session.require(Pages.APPLICATIONS);
        return Rendering.view("applications").build();
    }

    @PostMapping("/console/applications")
    Mono<Rendering> register(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session,
            @ModelAttribute ApplicationForm form) {
        session.require(Pages.APPLICATIONS);
        String missing = form.missing();
        if (missing != null) {
            return Mono.just(Rendering.view("applications").status(HttpStatus.BAD_REQUEST).modelAttribute("error", missing)
                    .modelAttribute("form", form.withoutIdNumber()).build());
        }
        return gateway.postJson(session, "/api/v1/applications", form.body()).map(answer -> answer.ok()
                ? Rendering.redirectTo("/console/applications/" + answer.text("applicationId")).build()
                : Rendering.view("applications").status(HttpStatus.valueOf(answer.status()))
                        .modelAttribute("error", answer.detail()).modelAttribute("form", form.withoutIdNumber()).build());
    }

    @GetMapping("/console/applications/{id}")
    Mono<Rendering> decision(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session, @PathVariable UUID id) {
        session.require(Pages.APPLICATION_READ);
        return gateway.get(session, "/api/v1/applications/" + id, Map.of()).map(answer -> answer.ok()
                ? Rendering.view("application").modelAttribute("decision", answer.body())
                        .modelAttribute("adjustments", AdjustmentTable.of(answer.body())).build()
                : problem(answer));
    }

    /** The refusal notice as the API prints it (Shanxi 附件5), to print from the browser. */
    @GetMapping("/console/applications/{id}/notice")
    Mono<ResponseEntity<Flux<DataBuffer>>> notice(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session,
            @PathVariable UUID id) {
        session.require(Pages.APPLICATION_READ);
        return gateway.download(session, "/api/v1/applications/" + id + "/notice", Map.of(), MediaType.TEXT_HTML);
    }

    @GetMapping("/console/persons")
    Mono<Rendering> personYear(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session,
            @RequestParam(required = false) String personRef, @RequestParam(required = false) String year) {
        session.require(Pages.APPLICATION_READ);
        if (personRef == null || year == null) {
            return Mono.just(Rendering.view("persons").build());
        }
        if (!PERSON_REF.matcher(personRef.strip()).matches() || !YEAR.matcher(year.strip()).matches()) {
            return Mono.just(Rendering.view("persons").status(HttpStatus.BAD_REQUEST)
                    .modelAttribute("error", "人员编号应为 64 位十六进制字符,年度为 4 位数字。").build());
        }
        return gateway.get(session, "/api/v1/persons/" + personRef.strip() + "/years/" + year.strip(), Map.of())
                .map(answer -> answer.ok()
                        ? Rendering.view("persons").modelAttribute("personYear", answer.body()).build()
                        : Rendering.view("persons").status(HttpStatus.valueOf(answer.status()))
                                .modelAttribute("error", answer.detail()).build());
    }

    @GetMapping("/console/tax-list")
    Rendering taxListForm(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session) {
        session.require(Pages.TAX_LIST);
        return Rendering.view("tax-list").build();
    }

    @GetMapping("/console/tax-list/subsidies.csv")
    Mono<ResponseEntity<Flux<DataBuffer>>> taxList(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session,
            @RequestParam String region, @RequestParam String month) {
        session.require(Pages.TAX_LIST);
        if (!REGION.matcher(region).matches() || !MONTH.matcher(month).matches()) {
            return Mono.just(ResponseEntity.badRequest().build());
        }
        return gateway.download(session, "/api/v1/enrollment/regions/" + region + "/subsidies.csv", Map.of("month", month),
                new MediaType("text", "csv"));
    }

    private static Rendering problem(ApiAnswer answer) {
        return Rendering.view("problem").status(HttpStatus.valueOf(answer.status())).modelAttribute("message", answer.detail())
                .build();
    }
}

package org.onestop.console.whatif;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.onestop.console.gateway.ApiAnswer;
import org.onestop.console.gateway.GatewayClient;
import org.onestop.console.session.ConsoleSession;
import org.onestop.console.session.Pages;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.reactive.result.view.Rendering;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An insurance office's policy what-if (docs/what-if.md, docs/console.md "The insurance office"): the form, the run's
 * page (refreshing itself while the run works, no script), cancel, and the result's CSV, each a call of
 * {@code /api/v1/what-if} with the office's own token.
 */
@Controller
class WhatIfController {

    /** A policy file is a few kB; anything much larger is not one. */
    static final int MAX_YAML_BYTES = 256 * 1024;
    /** Seconds between the run page's reloads while the run is queued or running. */
    static final int REFRESH_SECONDS = 2;

    private final GatewayClient gateway;

    WhatIfController(GatewayClient gateway) {
        this.gateway = gateway;
    }

    @GetMapping("/console/what-if")
    Rendering form(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session) {
        session.require(Pages.WHAT_IF);
        return Rendering.view("whatif").build();
    }

    @PostMapping(path = "/console/what-if", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<Rendering> start(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session, @ModelAttribute WhatIfForm form) {
        session.require(Pages.WHAT_IF);
        String problem = form.problem(form.hasFile());
        if (problem != null) {
            return Mono.just(refused(HttpStatus.BAD_REQUEST, problem, form));
        }
        Mono<Optional<String>> yaml = form.hasFile() ? read(form).map(Optional::of) : Mono.just(Optional.empty());
        return yaml.flatMap(text -> gateway.postJson(session, "/api/v1/what-if", form.body(text.orElse(null)))
                        .map(answer -> answer.ok()
                                ? Rendering.redirectTo("/console/what-if/" + answer.text("id")).build()
                                : refused(HttpStatus.valueOf(answer.status()), refusal(answer), form)))
                .onErrorResume(UnreadableFileException.class, e -> Mono.just(refused(HttpStatus.BAD_REQUEST, e.getMessage(), form)));
    }

    /** The API's problem in Chinese, naming the parameter it found at fault (docs/what-if.md: {@code field}). */
    private static String refusal(ApiAnswer answer) {
        String field = answer.text("field");
        if (answer.status() == 429) {
            return answer.detail();
        }
        return field == null || field.isBlank() ? answer.detail() : answer.detail() + "(参数:" + field + ")";
    }

    private static Rendering refused(HttpStatus status, String message, WhatIfForm form) {
        return Rendering.view("whatif").status(status).modelAttribute("error", message)
                .modelAttribute("form", form.withoutFile()).build();
    }

    /** The uploaded policy file as UTF-8 text (a YAML file is UTF-8 by its specification). */
    private static Mono<String> read(WhatIfForm form) {
        return DataBufferUtils.join(form.file().content(), MAX_YAML_BYTES)
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        if (bytes.length == 0) {
                            throw new UnreadableFileException("政策文件是空的。");
                        }
                        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                .decode(ByteBuffer.wrap(bytes)).toString();
                    } catch (CharacterCodingException e) {
                        throw new UnreadableFileException("政策文件应为 UTF-8 编码的 YAML。");
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .onErrorMap(DataBufferLimitException.class, e -> new UnreadableFileException("政策文件超过 256 kB,不是一份政策文件。"))
                .switchIfEmpty(Mono.error(() -> new UnreadableFileException("政策文件是空的。")));
    }

    static final class UnreadableFileException extends RuntimeException {
        UnreadableFileException(String message) {
            super(message);
        }
    }

    @GetMapping("/console/what-if/{id}")
    Mono<Rendering> run(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session, @PathVariable UUID id) {
        session.require(Pages.WHAT_IF_READ);
        return gateway.get(session, "/api/v1/what-if/" + id, Map.of()).map(answer -> {
            if (!answer.ok()) {
                return Rendering.view("problem").status(HttpStatus.valueOf(answer.status()))
                        .modelAttribute("message", answer.detail()).build();
            }
            RunView run = RunView.of(answer.body());
            return Rendering.view("whatif-run").modelAttribute("run", run)
                    .modelAttribute("refresh", run.working() ? REFRESH_SECONDS : 0).build();
        });
    }

    @PostMapping("/console/what-if/{id}/cancel")
    Mono<Rendering> cancel(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session, @PathVariable UUID id) {
        session.require(Pages.WHAT_IF);
        return gateway.delete(session, "/api/v1/what-if/" + id).map(answer -> answer.ok() || answer.status() == 409
                // 409: it finished meanwhile; the run's page says how
                ? Rendering.redirectTo("/console/what-if/" + id).build()
                : Rendering.view("problem").status(HttpStatus.valueOf(answer.status())).modelAttribute("message", answer.detail())
                        .build());
    }

    /** The result as the API's CSV (one row per figure), passed through. */
    @GetMapping("/console/what-if/{id}/result.csv")
    Mono<ResponseEntity<Flux<DataBuffer>>> csv(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session,
            @PathVariable UUID id) {
        session.require(Pages.WHAT_IF_READ);
        return gateway.download(session, "/api/v1/what-if/" + id, Map.of(), new MediaType("text", "csv"));
    }
}

package org.onestop.settlement.settle.web;

import java.util.UUID;
import org.onestop.events.Caller;
import org.onestop.settlement.access.Access;
import org.onestop.settlement.settle.DischargeForm;
import org.onestop.settlement.settle.DischargeRequest;
import org.onestop.settlement.settle.DischargeRequests;
import org.onestop.settlement.settle.InvalidRequestException;
import org.onestop.settlement.settle.NotFoundException;
import org.onestop.settlement.settle.SettlementAnswer;
import org.onestop.settlement.settle.SettlementService;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/settlements}: the NHSA-like transactions hospitals call at the cashier's window. A retry is answered
 * with the first answer (200, {@code Idempotent-Replayed: true}, {@code "replayed": true}). A hospital settles for
 * itself only and sees and cancels its own settlements only ({@link Access}); other partner types are refused. The
 * statement (一单制结算单) and its printing link are the {@code statement} package's.
 */
@RestController
@RequestMapping("/api/v1/settlements")
class SettlementController {

    static final String REPLAYED = "Idempotent-Replayed";

    private final DischargeRequests requests;
    private final SettlementService settlements;

    SettlementController(DischargeRequests requests, SettlementService settlements) {
        this.requests = requests;
        this.settlements = settlements;
    }

    /** 2303 pre-settlement: the full breakdown, nothing stored. */
    @PostMapping("/preview")
    Mono<SettlementAnswer> preview(Caller caller, @RequestBody(required = false) Mono<DischargeRequest> body) {
        return form(caller, body).flatMap(settlements::preview);
    }

    /**
     * 2304 settlement: 201 with the answer, or 200 with the first answer for a retry. A new settlement's body is the
     * answer's text as stored (serialised once, issue 17), byte for byte what a later GET of it starts from.
     */
    @PostMapping
    Mono<ResponseEntity<Object>> settle(Caller caller, @RequestBody(required = false) Mono<DischargeRequest> body) {
        return form(caller, body).flatMap(f -> settlements.settle(f, "HTTP"))
                .map(r -> ResponseEntity.status(r.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                        .header(REPLAYED, Boolean.toString(r.replayed()))
                        .header("Location", "/api/v1/settlements/" + r.answer().settlementId())
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(r.json() != null ? r.json() : r.answer()));
    }

    /** 2305 cancellation; cancelling again answers the cancelled settlement (200, replayed). */
    @PostMapping("/{id}/cancel")
    Mono<ResponseEntity<SettlementAnswer>> cancel(Caller caller, @PathVariable UUID id) {
        Access.require(caller, Access.Resource.SETTLEMENTS);
        return settlements.cancel(id, Access.hospital(caller)).map(r -> ResponseEntity.ok().header(REPLAYED, Boolean.toString(r.replayed())).body(r.answer()));
    }

    /**
     * A settlement found by the hospital's own key instead of its id: exactly one of {@code messageId} (the request that
     * made it) or {@code hospitalSettlementRef}. Only the calling hospital's settlements are found (another's is 404).
     */
    @GetMapping
    Mono<SettlementAnswer> find(Caller caller, @RequestParam(required = false) String messageId,
                                @RequestParam(required = false) String hospitalSettlementRef) {
        Access.require(caller, Access.Resource.SETTLEMENTS);
        return idOf(caller, messageId, hospitalSettlementRef).flatMap(id -> settlements.get(id, Access.hospital(caller)));
    }

    /** 2305 by the hospital's own key ({@link #find}'s parameters), e.g. after an answer that never arrived. */
    @PostMapping("/cancel")
    Mono<ResponseEntity<SettlementAnswer>> cancelBy(Caller caller, @RequestParam(required = false) String messageId,
                                                    @RequestParam(required = false) String hospitalSettlementRef) {
        Access.require(caller, Access.Resource.SETTLEMENTS);
        return idOf(caller, messageId, hospitalSettlementRef).flatMap(id -> settlements.cancel(id, Access.hospital(caller)))
                .map(r -> ResponseEntity.ok().header(REPLAYED, Boolean.toString(r.replayed())).body(r.answer()));
    }

    private Mono<UUID> idOf(Caller caller, String messageId, String hospitalSettlementRef) {
        boolean byMessage = messageId != null && !messageId.isBlank();
        boolean byRef = hospitalSettlementRef != null && !hospitalSettlementRef.isBlank();
        if (byMessage == byRef) {
            return Mono.error(new InvalidRequestException(byMessage ? "hospitalSettlementRef" : "messageId", "key-required",
                    "messageId 与 hospitalSettlementRef 须且只须提供一个 (exactly one of messageId and hospitalSettlementRef is required)"));
        }
        return settlements.idOf(Access.hospital(caller), byMessage ? messageId.strip() : null, byRef ? hospitalSettlementRef.strip() : null)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("结算不存在 (no settlement with this "
                        + (byMessage ? "messageId" : "hospitalSettlementRef") + ")")));
    }

    @GetMapping("/{id}")
    Mono<SettlementAnswer> get(Caller caller, @PathVariable UUID id) {
        Access.require(caller, Access.Resource.SETTLEMENTS);
        return settlements.get(id, Access.hospital(caller));
    }

    /** The validated request, refused before anything is looked up or stored when it names another hospital. */
    private Mono<DischargeForm> form(Caller caller, Mono<DischargeRequest> body) {
        Access.require(caller, Access.Resource.SETTLEMENTS);
        return body.switchIfEmpty(Mono.error(new InvalidRequestException("(body)", "missing-body", "请求体为空 (the request has no body)")))
                .map(requests::validate)
                .doOnNext(f -> Access.requireInstitution(caller, f.hospitalId()));
    }
}

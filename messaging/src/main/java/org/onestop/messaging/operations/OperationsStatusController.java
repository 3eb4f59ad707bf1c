package org.onestop.messaging.operations;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/<service>/operations/status}: the service's {@link ServiceStatus}, for operators only. */
@RestController
public class OperationsStatusController {

    private final OperationsStatus status;

    public OperationsStatusController(OperationsStatus status) {
        this.status = status;
    }

    @GetMapping(path = "/api/v1/${onestop.messaging.operations.api}/operations/status",
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ServiceStatus> status() {
        return status.status();
    }
}

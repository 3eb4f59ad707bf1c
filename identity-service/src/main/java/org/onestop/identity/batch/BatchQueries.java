package org.onestop.identity.batch;

import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Read side of the stored reports. */
@Component
public class BatchQueries {

    private final BatchStore store;

    BatchQueries(BatchStore store) {
        this.store = store;
    }

    /** The batch's totals (without rows), or empty. */
    public Mono<BatchReport> summary(UUID batchId) {
        return store.find(batchId).map(r -> new BatchReport(r.batchId(), r.department(), r.area(), r.departmentReference(),
                r.source(), r.identityType(), r.receivedAt(), false, r.totalRows(), r.acceptedRows(), r.rejectedRows(),
                java.util.List.of(), r.totalRows() == 0));
    }

    /** A page of rows; {@code accepted} null for all. */
    public Flux<RowReport> rows(UUID batchId, Boolean accepted, int page, int size) {
        return store.rows(batchId, accepted, page, size);
    }
}

package org.onestop.identity.batch;

import java.util.UUID;

/**
 * A submission under a department reference already used (same department and area) for a batch of different
 * content: refused, nothing stored. Answering it with the earlier report as a "duplicate" would drop a clerk's
 * correction without a word; a correction is a new batch under a new reference.
 */
public final class BatchContentDiffersException extends RuntimeException {

    private final String departmentReference;
    private final UUID earlierBatchId;

    BatchContentDiffersException(String departmentReference, UUID earlierBatchId) {
        super("departmentReference " + departmentReference + " was used for batch " + earlierBatchId
                + " with different content");
        this.departmentReference = departmentReference;
        this.earlierBatchId = earlierBatchId;
    }

    public String departmentReference() {
        return departmentReference;
    }

    public UUID earlierBatchId() {
        return earlierBatchId;
    }
}

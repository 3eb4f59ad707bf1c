package org.onestop.settlement.whatif;

/** The office already has as many runs queued or running as it may ({@link WhatIfProperties#maxActivePerOffice}). */
public class WhatIfLimitException extends RuntimeException {

    private final int limit;

    public WhatIfLimitException(int limit) {
        super("本机构已有 " + limit + " 个推演在排队或计算中,请等待其完成或撤销后再提交 (" + limit
                + " what-if runs of this office are queued or running, the most it may have)");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}

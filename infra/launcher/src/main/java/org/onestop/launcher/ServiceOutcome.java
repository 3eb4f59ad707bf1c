package org.onestop.launcher;

/** How starting one service went, for the summary table. */
record ServiceOutcome(ServiceDefinition service, Status status, String detail) {

    enum Status { UP, SKIPPED, FAILED }

    static ServiceOutcome up(ServiceDefinition service) {
        return new ServiceOutcome(service, Status.UP, "");
    }

    static ServiceOutcome skipped(ServiceDefinition service, String why) {
        return new ServiceOutcome(service, Status.SKIPPED, why);
    }

    static ServiceOutcome failed(ServiceDefinition service, String why) {
        return new ServiceOutcome(service, Status.FAILED, why);
    }
}

package org.onestop.bench;

import java.util.Arrays;

/**
 * One entry point for infra/scripts/bench.sh: {@code java -cp … org.onestop.bench.Bench <command> args…}. Each command
 * prints one line of {@code key=value} pairs on standard output (the script reads them), its diagnostics on standard
 * error, and exits non-zero when it could not measure.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "admin-listener" -> AdminListener.main(rest);
            case "bulk" -> BulkRun.main(rest);
            case "identity" -> Produce.identity(rest);
            case "produce-lines" -> Produce.lines(rest);
            case "kafka-ceiling" -> KafkaCeiling.main(rest);
            case "migrate" -> ScratchSchema.main(rest);
            case "copy-ceiling" -> CopyCeiling.main(rest);
            case "mark" -> Offsets.mark(rest);
            case "caught-up" -> Offsets.caughtUp(rest);
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("""
                commands (see infra/scripts/bench.sh):
                  admin-listener PASSWORD_FILE PORT...                 which port is the broker's admin (PLAIN) listener
                  bulk BOOTSTRAP SECRETS N SEED                         discharges as the gateway → settled and announced
                  identity BOOTSTRAP SECRETS N SEED                     N new persons' identity events, as identity-service
                  produce-lines BOOTSTRAP SECRETS PRINCIPAL TOPIC FILE [HEADER=VALUE]   key|value lines as records
                  kafka-ceiling ADMIN_BOOTSTRAP SECRETS N SEED          the same records produced + consumed, scratch topic
                  migrate JDBC_URL USER PASSWORD LOCATION...            a scratch database from a service's migration files
                  copy-ceiling SRC_JDBC DST_JDBC USER PASSWORD BOOTSTRAP ADMIN_BOOTSTRAP SECRETS MARK_FILE EVENTS
                  mark BOOTSTRAP SECRETS TOPIC FILE                     remember a topic's end offsets
                  caught-up ADMIN_BOOTSTRAP SECRETS TOPIC GROUP MARK_FILE EXPECTED TIMEOUT_S
                """);
    }
}

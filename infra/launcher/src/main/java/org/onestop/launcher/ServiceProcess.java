package org.onestop.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A service running as a child process ({@code java -jar}), its output appended to its log file. */
final class ServiceProcess {

    private static final String RUN_MARKER = "===== onestop-launcher started";

    private final ServiceDefinition service;
    private final Process process;
    private final Path logFile;

    private ServiceProcess(ServiceDefinition service, Process process, Path logFile) {
        this.service = service;
        this.process = process;
        this.logFile = logFile;
    }

    static ServiceProcess start(ServiceDefinition service, Path jar, List<String> javaOptions, Map<String, String> environment,
                                Path logFile, Path workingDirectory) {
        List<String> command = command(jar, javaOptions);
        try {
            Files.createDirectories(logFile.getParent());
            // A marker per start, so a log kept across runs shows where this run begins.
            Files.writeString(logFile, System.lineSeparator() + RUN_MARKER + " " + service.name() + " at "
                            + OffsetDateTime.now() + ": " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            return new ServiceProcess(service, builder.start(), logFile);
        } catch (IOException e) {
            throw new LaunchException("Cannot start " + service.name() + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
    }

    /** The same JVM that runs the launcher runs the services, so one {@code JAVA_HOME} decides for all. */
    static List<String> command(Path jar, List<String> javaOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    ServiceDefinition service() {
        return service;
    }

    Path logFile() {
        return logFile;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code, or -1 while running. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** SIGTERM: Spring Boot shuts down gracefully on it. */
    void requestStop() {
        process.destroy();
    }

    /** Waits up to {@code grace} for the process to end, then kills it; returns true if it ended by itself. */
    boolean awaitStopOrKill(Duration grace) {
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The last {@code lines} lines this run wrote to the log (earlier runs' lines are not this failure's), for a failure report. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            int runStart = 0;
            for (int i = all.size() - 1; i >= 0; i--) {
                if (all.get(i).startsWith(RUN_MARKER)) {
                    runStart = i + 1;
                    break;
                }
            }
            List<String> run = all.subList(runStart, all.size());
            return String.join(System.lineSeparator(), run.subList(Math.max(0, run.size() - lines), run.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }
}

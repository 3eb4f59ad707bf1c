import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples went (bench.sh PROFILE=1; docs/benchmarks.md › Profiles):
 * {@code java infra/scripts/JfrTop.java recording.jfr [rows [fromEpochMs toEpochMs]]} prints the methods with the most samples on top of the stack
 * ("self"), the methods present anywhere in the most samples ("total", each counted once per sample) and the same
 * "total" for the suite's own code ({@code org.onestop}), each as a share of all execution samples.
 */
public class JfrTop {

    public static void main(String[] args) throws IOException {
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        // optional window, epoch milliseconds: only the samples of a measured run, not of its warm-up
        long from = args.length > 3 ? Long.parseLong(args[2]) : Long.MIN_VALUE;
        long to = args.length > 3 ? Long.parseLong(args[3]) : Long.MAX_VALUE;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        long samples = 0;
        java.time.Duration compileFirst = null;
        java.time.Duration compileLast = null;
        java.time.Duration gcPauses = java.time.Duration.ZERO;
        double jvmCpu = 0;
        double machineCpu = 0;
        int cpuEvents = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            long at = event.getStartTime().toEpochMilli();
            if (at < from || at >= to) {
                continue;
            }
            switch (event.getEventType().getName()) {
                case "jdk.CompilerStatistics" -> {
                    compileFirst = compileFirst == null ? event.getDuration("totalTimeSpent") : compileFirst;
                    compileLast = event.getDuration("totalTimeSpent");
                }
                case "jdk.GarbageCollection" -> gcPauses = gcPauses.plus(event.getDuration("sumOfPauses"));
                case "jdk.CPULoad" -> {
                    jvmCpu += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                    machineCpu += event.getFloat("machineTotal");
                    cpuEvents++;
                }
                default -> { }
            }
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                if (seen.add(name(frame))) {
                    total.merge(name(frame), 1, Integer::sum);
                }
            }
        }
        System.out.printf("%,d execution samples (Java code only: JIT compiler and GC threads are not sampled)%n", samples);
        if (cpuEvents > 0) {
            // JFR's CPULoad is a share of all the machine's cores
            System.out.printf("CPU: this JVM %.0f %%, the whole machine %.0f %% of its cores (mean of %d readings)%n",
                    100 * jvmCpu / cpuEvents, 100 * machineCpu / cpuEvents, cpuEvents);
        }
        if (compileFirst != null) {
            System.out.printf("JIT compilations in the window: %.1f s (summed durations, which a busy machine stretches); GC pauses: %.2f s%n",
                    (compileLast.toMillis() - compileFirst.toMillis()) / 1000.0, gcPauses.toMillis() / 1000.0);
        }
        print("self (top of stack)", self, samples, rows, name -> true);
        print("total (anywhere on the stack)", total, samples, rows, name -> true);
        print("total, org.onestop only", total, samples, rows, name -> name.startsWith("org.onestop."));
    }

    static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    static void print(String title, Map<String, Integer> counts, long samples, int rows, java.util.function.Predicate<String> keep) {
        System.out.println();
        System.out.println("## " + title);
        counts.entrySet().stream().filter(e -> keep.test(e.getKey()))
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())).limit(rows)
                .forEach(e -> System.out.printf("%5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }
}

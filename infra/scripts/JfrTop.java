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
 * {@code java infra/scripts/JfrTop.java recording.jfr [rows]} prints the methods with the most samples on top of the stack
 * ("self"), the methods present anywhere in the most samples ("total", each counted once per sample) and the same
 * "total" for the suite's own code ({@code org.onestop}), each as a share of all execution samples.
 */
public class JfrTop {

    public static void main(String[] args) throws IOException {
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
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
        System.out.printf("%,d execution samples%n", samples);
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

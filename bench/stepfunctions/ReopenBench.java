import dev.sagastack.local.stepfunctions.StepFunctionsEngine;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;

/**
 * How long the Step Functions engine takes to open a data directory a long run left (a restart of the twin on
 * the same --data-dir): copies the log into a fresh directory for each run (opening may cut a torn tail) and
 * times the engine's build, which replays the log and restores every execution. Args: the stepfunctions.log, runs.
 */
public final class ReopenBench {
    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        var threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "log %s: %.0f MiB%n", log, Files.size(log) / 1048576.0);
        for (int r = 1; r <= runs; r++) {
            Path dir = Files.createTempDirectory("sfn-reopen");
            Files.copy(log, dir.resolve("stepfunctions.log"), StandardCopyOption.REPLACE_EXISTING);
            long cpu = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            try (StepFunctionsEngine engine = StepFunctionsEngine.builder().dataDirectory(dir).build()) {
                long wall = System.nanoTime() - t0;
                System.out.printf(Locale.ROOT, "run %d: open %.0f ms wall, %.0f ms CPU of the opening thread%n", r,
                        wall / 1e6, (threads.getCurrentThreadCpuTime() - cpu) / 1e6);
            }
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

package dev.sagastack.local.stepfunctions.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint the engine relied on survives {@code kill -9}: a child JVM ({@link CheckpointingEngine}) runs
 * executions and prints each started execution and each step function called; it is killed forcibly (SIGKILL)
 * after a seeded random number of those lines, and the store as the kill left it must hold every started execution
 * and, for every call of step k, the success of the steps before k (the engine checkpoints before a task call goes out). The next
 * round restarts on the same directory, resuming the executions the kill interrupted.
 * {@code -Dkill.rounds=N -Dkill.seed=S} reproduce or extend a run.
 */
class KillNineCheckpointTest {

    private static final List<String> STEPS = List.of("one", "two", "three");

    @TempDir
    Path dir;

    @Test
    void everyCheckpointTheEngineReliedOnSurvivesKillNine() throws Exception {
        long seed = Long.getLong("kill.seed", System.nanoTime() % 100_000);
        int rounds = Integer.getInteger("kill.rounds", 5);
        System.out.println("KillNineCheckpointTest seed " + seed + ", " + rounds + " rounds");
        Random random = new Random(seed);
        Path data = dir.resolve("data");
        List<String> started = new ArrayList<>();
        Map<String, Integer> stepsCalled = new HashMap<>();
        for (int round = 0; round < rounds; round++) {
            int starters = 1 + random.nextInt(3);
            int killAfter = 20 + random.nextInt(1500);
            int lines = runAndKill(data, starters, (round + 1) * 1_000_000L, killAfter, started, stepsCalled);
            System.out.printf("round %d: %d starters, killed after %d promises%n", round, starters, lines);
            assertThat(lines).as("work done before the kill").isPositive();
            List<String> broken = brokenPromises(data, dir.resolve("copy-" + round), started, stepsCalled);
            assertThat(broken).as("seed %d round %d: executions whose relied-on checkpoint was lost", seed, round)
                    .isEmpty();
        }
    }

    /** Runs the engine until it has made {@code killAfter} promises (or 20 s passed), then kills it with SIGKILL. */
    private static int runAndKill(Path data, int starters, long first, int killAfter, List<String> started,
            Map<String, Integer> stepsCalled) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                CheckpointingEngine.class.getName(), data.toString(), String.valueOf(starters),
                String.valueOf(first)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("READY")) {
            // resumed executions may call their functions before the new ones start
            note(line, started, stepsCalled);
        }
        int[] count = {0};
        Thread reader = new Thread(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    synchronized (started) {
                        if (note(l, started, stepsCalled)) {
                            count[0]++;
                            started.notifyAll();
                        }
                    }
                }
            } catch (IOException e) {
                // the pipe breaks when the process dies
            }
        });
        reader.start();
        long deadline = System.currentTimeMillis() + 20_000;
        synchronized (started) {
            while (count[0] < killAfter && System.currentTimeMillis() < deadline) {
                started.wait(100);
            }
        }
        p.destroyForcibly();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        synchronized (started) {
            return count[0];
        }
    }

    private static boolean note(String line, List<String> started, Map<String, Integer> stepsCalled) {
        String[] parts = line.split(" ");
        if (parts.length == 2 && parts[0].equals("STARTED")) {
            started.add(parts[1]);
            return true;
        }
        if (parts.length == 3 && parts[0].equals("CALLED")) {
            stepsCalled.merge(parts[1], STEPS.indexOf(parts[2]), Math::max);
            return true;
        }
        return false;
    }

    /** Opens a copy of the store as the kill left it and lists what it should hold and does not. */
    private static List<String> brokenPromises(Path data, Path copy, List<String> started,
            Map<String, Integer> stepsCalled) throws IOException {
        copyTree(data, copy);
        Map<String, Long> succeededSteps = new HashMap<>();
        try (ExecutionStore store = ExecutionStore.open(copy)) {
            for (ExecutionStore.StoredExecution e : store.load().executions()) {
                long succeeded = e.history().stream().filter(h -> "TaskSucceeded".equals(h.get("type"))).count();
                succeededSteps.put((String) e.snapshot().get("name"), succeeded);
                assertThat(e.snapshot().get("definition")).isEqualTo(CheckpointingEngine.DEFINITION);
            }
        }
        List<String> broken = new ArrayList<>();
        for (String name : started) {
            if (!succeededSteps.containsKey(name)) {
                broken.add(name + " was started but is not stored");
            }
        }
        stepsCalled.forEach((name, step) -> {
            long succeeded = succeededSteps.getOrDefault(name, -1L);
            if (succeeded < step) {
                broken.add(name + " called step " + (step + 1) + " but " + succeeded + " steps succeeded");
            }
        });
        return broken;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(files::add);
        }
        for (Path f : files) {
            Path target = to.resolve(from.relativize(f).toString());
            if (Files.isDirectory(f)) {
                Files.createDirectories(target);
            } else {
                Files.copy(f, target);
            }
        }
    }
}

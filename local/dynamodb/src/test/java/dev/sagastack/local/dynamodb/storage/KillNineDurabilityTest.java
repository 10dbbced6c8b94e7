package dev.sagastack.local.dynamodb.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagastack.local.dynamodb.api.DynamoDbApi;
import dev.sagastack.local.dynamodb.api.ServerSettings;
import dev.sagastack.local.dynamodb.engine.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every write the engine acknowledged is there after {@code kill -9}: a child JVM ({@link AcknowledgedWriter}) writes
 * through the API with several threads and prints each acknowledged write, is killed forcibly (SIGKILL) after a
 * seeded random number of acknowledged writes, and the data directory as the kill left it must hold, for every
 * key, the last acknowledged value or a later one. The next round restarts on the same directory, so recovery from a crash is crashed again.
 * {@code -Dkill.rounds=N -Dkill.seed=S} reproduce or extend a run.
 */
class KillNineDurabilityTest {

    private static final String TABLE = "Counters";
    private static final Pattern ACK = Pattern.compile("ACK (\\S+) (\\d+)");
    private static final Pattern VALUE = Pattern.compile("\"v\":\\{\"N\":\"(\\d+)\"}");

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesKillNine() throws Exception {
        long seed = Long.getLong("kill.seed", System.nanoTime() % 100_000);
        int rounds = Integer.getInteger("kill.rounds", 6);
        System.out.println("KillNineDurabilityTest seed " + seed + ", " + rounds + " rounds");
        Random random = new Random(seed);
        Path data = dir.resolve("data");
        Map<String, Long> acknowledged = new HashMap<>();
        for (int round = 0; round < rounds; round++) {
            int writers = 2 + random.nextInt(4);
            int killAfter = 20 + random.nextInt(3000);
            int acks = runAndKill(data, writers, (round + 1) * 10_000_000L, killAfter, acknowledged);
            System.out.printf("round %d: %d writers, killed after %d acknowledged writes%n", round, writers, acks);
            Map<String, Long> lost = lostWrites(data, dir.resolve("copy-" + round), acknowledged);
            assertThat(acks).as("writes acknowledged before the kill").isPositive();
            assertThat(lost).as("seed %d round %d (%d writers, killed after %d acks): keys whose "
                    + "acknowledged value was lost (value found, or -1 if absent)", seed, round, writers, acks)
                    .isEmpty();
        }
    }

    /** Runs the writer until it has acknowledged {@code killAfter} writes (or 20 s passed), kills it with SIGKILL. */
    private static int runAndKill(Path data, int writers, long firstValue, int killAfter,
            Map<String, Long> acknowledged) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                AcknowledgedWriter.class.getName(), data.toString(), TABLE, String.valueOf(writers),
                String.valueOf(firstValue)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        assertThat(ready).as("writer started").isEqualTo("READY");
        int[] count = {0};
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    Matcher m = ACK.matcher(line);
                    if (m.matches()) {
                        synchronized (acknowledged) {
                            acknowledged.merge(m.group(1), Long.parseLong(m.group(2)), Math::max);
                            count[0]++;
                            acknowledged.notifyAll();
                        }
                    }
                }
            } catch (IOException e) {
                // the pipe breaks when the process dies
            }
        });
        reader.start();
        long deadline = System.currentTimeMillis() + 20_000;
        synchronized (acknowledged) {
            while (count[0] < killAfter && System.currentTimeMillis() < deadline) {
                acknowledged.wait(100);
            }
        }
        assertThat(p.isAlive()).as("the writer was still writing when killed (it ends when a write is refused)")
                .isTrue();
        p.destroyForcibly();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        synchronized (acknowledged) {
            return count[0];
        }
    }

    /** Opens a copy of the directory as the kill left it and reads every acknowledged key through the API. */
    private static Map<String, Long> lostWrites(Path data, Path copy, Map<String, Long> acknowledged)
            throws IOException {
        copyTree(data, copy);
        Map<String, Long> lost = new HashMap<>();
        try (Database db = new Database(Clock.systemUTC(), new LogPersistence(copy))) {
            DynamoDbApi api = new DynamoDbApi(db, new ServerSettings(0.0));
            acknowledged.forEach((key, value) -> {
                DynamoDbApi.Response r = api.handle("DynamoDB_20120810.GetItem", """
                        {"TableName":"%s","Key":{"PK":{"S":"%s"}},"ConsistentRead":true}"""
                        .formatted(TABLE, key).getBytes(StandardCharsets.UTF_8));
                Matcher m = VALUE.matcher(new String(r.body(), StandardCharsets.UTF_8));
                long found = r.status() == 200 && m.find() ? Long.parseLong(m.group(1)) : -1;
                if (found < value) {
                    lost.put(key + " acked " + value, found);
                }
            });
        }
        return lost;
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

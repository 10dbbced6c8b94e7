package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.cli.Runner;
import dev.sagastack.local.stepfunctions.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command-line runner, with the mock configuration example of "Using mocked service
 * integrations for testing in Step Functions Local" (test resources mock/).
 */
class RunnerTest {
    private static final Path MOCKS = Path.of("src/test/resources/mock");

    record Outcome(int code, String out, String err) {
        Map<String, Object> json() {
            assertThat(out.strip().lines().count()).as("exactly one line on stdout: " + out).isEqualTo(1);
            return Json.asObject(Json.parse(out));
        }
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Runner.main(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String write(Path dir, String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p.toString();
    }

    @Test
    void runPrintsStatusAndOutputAndExitsZero(@TempDir Path dir) throws Exception {
        String def = write(dir, "d.json", "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":3600,"
                + "\"Next\":\"P\"},\"P\":{\"Type\":\"Pass\",\"Parameters\":{\"got.$\":\"$.x\"},\"End\":true}}}");
        Outcome o = run("run", "--definition", def, "--input", "{\"x\":7}");
        assertThat(o.code()).isZero();
        assertThat(o.json()).isEqualTo(Json.parse("{\"status\":\"SUCCEEDED\",\"output\":{\"got\":7}}"));
    }

    @Test
    void failedExecutionStillExitsZeroAndPrintsErrorAndCause(@TempDir Path dir) throws Exception {
        String def = write(dir, "d.json", "{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"Error\":\"E\","
                + "\"Cause\":\"C\"}}}");
        String input = write(dir, "in.json", "{}");
        Outcome o = run("run", "--definition", def, "--input", input, "--history");
        assertThat(o.code()).isZero();
        Map<String, Object> j = o.json();
        assertThat(j).containsEntry("status", "FAILED").containsEntry("error", "E").containsEntry("cause", "C");
        assertThat(Json.asArray(j.get("history"))).extracting(e -> (Object) ((Map<?, ?>) e).get("type"))
                .containsExactly("ExecutionStarted", "FailStateEntered", "ExecutionFailed");
    }

    @Test
    void mockTestCasesAnswerTasksByInvocationCount() {
        String def = MOCKS.resolve("LambdaSQSIntegration.asl.json").toString();
        String mocks = MOCKS.resolve("MockConfigFile.json").toString();
        Outcome happy = run("run", "--definition", def, "--input", "{}", "--mock-config", mocks, "--test-case",
                "HappyPath");
        assertThat(happy.json()).isEqualTo(Json.parse("{\"status\":\"SUCCEEDED\",\"output\":{\"MD5OfMessageBody\":"
                + "\"3bcb6e8e-7h85-4375-b0bc-1a59812c6e51\",\"MessageId\":\"3bcb6e8e-8b51-4375-b0bc-1a59812c6e51\"}}"));
        Outcome retry = run("run", "--definition", def, "--input", "{}", "--mock-config", mocks, "--test-case",
                "RetryPath", "--history");
        Map<String, Object> j = retry.json();
        assertThat(j).containsEntry("status", "SUCCEEDED");
        List<Object> failures = Json.asArray(j.get("history")).stream()
                .filter(e -> "TaskFailed".equals(((Map<?, ?>) e).get("type"))).toList();
        assertThat(failures).extracting(e -> (Object) ((Map<?, ?>) ((Map<?, ?>) e).get("taskFailedEventDetails")).get("error"))
                .containsExactly("Lambda.ResourceNotReadyException", "Lambda.TimeoutException", "Lambda.TimeoutException");
        Outcome hybrid = run("run", "--definition", def, "--input", "{}", "--mock-config", mocks, "--test-case",
                "HybridPath");
        assertThat(hybrid.json()).containsEntry("status", "FAILED").containsEntry("error", "States.Runtime");
    }

    @Test
    void badInvocationsExitNonZeroWithAMessage(@TempDir Path dir) throws Exception {
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("fly").err()).contains("unknown command 'fly'");
        Outcome missing = run("run", "--definition", dir.resolve("nope.json").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).contains("cannot read definition file");
        String bad = write(dir, "bad.json", "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\"}}}");
        Outcome invalid = run("run", "--definition", bad);
        assertThat(invalid.code()).isEqualTo(2);
        assertThat(invalid.err()).contains("Invalid State Machine Definition");
        Outcome unknownCase = run("run", "--definition", bad, "--mock-config",
                MOCKS.resolve("MockConfigFile.json").toString(), "--test-case", "NoSuchCase");
        assertThat(unknownCase.code()).isEqualTo(2);
        assertThat(unknownCase.err()).contains("NoSuchCase");
    }
}

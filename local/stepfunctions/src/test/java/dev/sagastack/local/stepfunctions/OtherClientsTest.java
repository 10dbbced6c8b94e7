package dev.sagastack.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's JSON API used unchanged by boto3 (every operation of redrive, versions and aliases,
 * StartSyncExecution, activities and tags; resources/clients/sfn_boto3_client.py) and by the AWS CLI
 * ({@code aws stepfunctions ... --endpoint-url}). Both come from Debian ({@code python3-boto3},
 * {@code awscli}); {@code .ci/test} installs them. The engine runs on the real clock here, since these
 * clients poll for results.
 */
class OtherClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static StepFunctionsEngine engine;
    private static StepFunctionsServer server;

    @BeforeAll
    static void start() {
        engine = StepFunctionsEngine.builder().activityPollTimeout(Duration.ofSeconds(5)).build();
        server = StepFunctionsServer.start(engine, 0);
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    @Test
    void boto3DrivesRedriveVersionsAliasesExpressActivitiesAndTags() throws Exception {
        Path script = Files.createTempFile("sfn-boto3-client", ".py");
        try (var in = OtherClientsTest.class.getResourceAsStream("/clients/sfn_boto3_client.py")) {
            Files.write(script, in.readAllBytes());
        }
        Result result = run(List.of(python(), script.toString(), server.endpoint().toString()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("all checks passed");
    }

    @Test
    void theAwsCliRedrivesPublishesRoutesAndTags() throws Exception {
        String definition = "{\"StartAt\":\"Gate\",\"States\":{\"Gate\":{\"Type\":\"Choice\",\"Choices\":[{"
                + "\"Variable\":\"$$.Execution.RedriveCount\",\"NumericGreaterThan\":0,\"Next\":\"Done\"}]},"
                + "\"Done\":{\"Type\":\"Pass\",\"End\":true}}}";
        JsonNode created = ok(aws("create-state-machine", "--name", "cli-saga", "--definition", definition,
                "--role-arn", "arn:aws:iam::123456789012:role/cli", "--publish", "--version-description", "v1"));
        String machine = created.get("stateMachineArn").asText();
        assertThat(created.get("stateMachineVersionArn").asText()).isEqualTo(machine + ":1");

        String execution = ok(aws("start-execution", "--state-machine-arn", machine + ":1", "--name", "cli-1"))
                .get("executionArn").asText();
        engine.awaitExecution(execution, Duration.ofSeconds(10));
        assertThat(ok(aws("describe-execution", "--execution-arn", execution)).get("status").asText()).isEqualTo("FAILED");
        assertThat(ok(aws("redrive-execution", "--execution-arn", execution)).has("redriveDate")).isTrue();
        engine.awaitExecution(execution, Duration.ofSeconds(10));
        JsonNode after = ok(aws("describe-execution", "--execution-arn", execution));
        assertThat(after.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(after.get("redriveCount").asInt()).isEqualTo(1);
        assertThat(after.get("stateMachineVersionArn").asText()).isEqualTo(machine + ":1");
        assertThat(ok(aws("list-executions", "--state-machine-arn", machine, "--redrive-filter", "REDRIVEN"))
                .get("executions")).hasSize(1);

        ok(aws("update-state-machine", "--state-machine-arn", machine, "--definition",
                "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}"));
        assertThat(ok(aws("publish-state-machine-version", "--state-machine-arn", machine))
                .get("stateMachineVersionArn").asText()).isEqualTo(machine + ":2");
        assertThat(ok(aws("list-state-machine-versions", "--state-machine-arn", machine))
                .get("stateMachineVersions")).hasSize(2);
        String alias = ok(aws("create-state-machine-alias", "--name", "live", "--routing-configuration",
                "stateMachineVersionArn=" + machine + ":1,weight=50", "stateMachineVersionArn=" + machine + ":2,weight=50"))
                .get("stateMachineAliasArn").asText();
        assertThat(ok(aws("describe-state-machine-alias", "--state-machine-alias-arn", alias))
                .get("routingConfiguration")).hasSize(2);
        ok(aws("update-state-machine-alias", "--state-machine-alias-arn", alias, "--routing-configuration",
                "stateMachineVersionArn=" + machine + ":2,weight=100"));
        assertThat(ok(aws("list-state-machine-aliases", "--state-machine-arn", machine)).get("stateMachineAliases"))
                .hasSize(1);
        Result inUse = aws("delete-state-machine-version", "--state-machine-version-arn", machine + ":2");
        assertThat(inUse.exitCode()).isNotZero();
        assertThat(inUse.output()).contains("ConflictException");
        ok(aws("delete-state-machine-alias", "--state-machine-alias-arn", alias));
        ok(aws("delete-state-machine-version", "--state-machine-version-arn", machine + ":2"));

        ok(aws("tag-resource", "--resource-arn", machine, "--tags", "key=team,value=payments"));
        assertThat(ok(aws("list-tags-for-resource", "--resource-arn", machine)).get("tags").get(0).get("value").asText())
                .isEqualTo("payments");
        ok(aws("untag-resource", "--resource-arn", machine, "--tag-keys", "team"));
        assertThat(ok(aws("list-tags-for-resource", "--resource-arn", machine)).get("tags")).isEmpty();

        String mapper = ok(aws("create-state-machine", "--name", "cli-map-run", "--role-arn",
                "arn:aws:iam::123456789012:role/r", "--definition", "{\"StartAt\":\"Each\",\"States\":{\"Each\":"
                        + "{\"Type\":\"Map\",\"End\":true,\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":"
                        + "\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"P\",\"States\":{\"P\":"
                        + "{\"Type\":\"Pass\",\"End\":true}}}}}}")).get("stateMachineArn").asText();
        String mapped = ok(aws("start-execution", "--state-machine-arn", mapper, "--input", "[1,2]"))
                .get("executionArn").asText();
        engine.awaitExecution(mapped, Duration.ofSeconds(30));
        String mapRun = ok(aws("list-map-runs", "--execution-arn", mapped)).get("mapRuns").get(0).get("mapRunArn")
                .asText();
        ok(aws("update-map-run", "--map-run-arn", mapRun, "--tolerated-failure-count", "1"));
        JsonNode described = ok(aws("describe-map-run", "--map-run-arn", mapRun));
        assertThat(described.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(described.get("itemCounts").get("total").asInt()).isEqualTo(2);
        assertThat(described.get("toleratedFailureCount").asInt()).isEqualTo(1);

        String activity = ok(aws("create-activity", "--name", "cli-activity")).get("activityArn").asText();
        assertThat(ok(aws("describe-activity", "--activity-arn", activity)).get("name").asText()).isEqualTo("cli-activity");
        assertThat(ok(aws("list-activities")).get("activities").toString()).contains("cli-activity");
        ok(aws("delete-activity", "--activity-arn", activity));
    }

    private static JsonNode ok(Result r) throws IOException {
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.stdout());
    }

    private record Result(int exitCode, String stdout, String output) {
    }

    private static Result aws(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(executable("aws", "/usr/bin/aws"));
        command.add("stepfunctions");
        command.addAll(List.of(args));
        command.addAll(List.of("--region", "us-east-1", "--output", "json", "--endpoint-url",
                server.endpoint().toString()));
        return run(command);
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_PAGER", "");
        env.remove("AWS_PROFILE");
        Path stderr = Files.createTempFile("client", ".err");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        String errors = Files.readString(stderr, StandardCharsets.UTF_8);
        return new Result(process.exitValue(), stdout, stdout + errors);
    }

    /** A python3 that has boto3: the one on the PATH, else Debian's (python3-boto3). */
    private static String python() throws Exception {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process probe = new ProcessBuilder(candidate, "-c", "import boto3").redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                if (probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException notThere) {
                // try the next one
            }
        }
        throw new AssertionError("no python3 with boto3: install python3-boto3 (.ci/test does)");
    }

    private static String executable(String name, String fallback) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        return fallback;
    }
}

package dev.sagastack.systemtest.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;
import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile requests on the Step Functions JSON 1.0 API: the request body broken or misshapen as in the DynamoDB
 * test, plus invalid state machine definitions and execution inputs inside otherwise valid requests, oversized
 * inputs (over the 256 KiB payload quota) and malformed ARNs. Each must get a 4xx error document
 * ({@code __type}, "Common Errors" of the Step Functions API Reference), never a 5xx or a dropped connection,
 * and change nothing: the state machines and executions are the same afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepFunctionsHostileInputTest {

    private static final String TARGET = "AWSStepFunctions.";
    /** A definition without free-form members (no Result or Parameters), so any type change makes it invalid. */
    private static final String DEFINITION = """
            {"StartAt":"Wait","TimeoutSeconds":30,"States":{
             "Wait":{"Type":"Wait","Seconds":1,"Next":"Done"},"Done":{"Type":"Succeed"}}}""";

    private StepFunctionsEngine engine;
    private StepFunctionsServer server;
    private String machineArn;
    private List<HostileCases.Template> templates;

    @BeforeAll
    void start() {
        engine = StepFunctionsEngine.builder().build();
        server = StepFunctionsServer.start(engine, 0);
        RawHttp.Response created = call("CreateStateMachine", HostileCases.JSON.createObjectNode()
                .put("name", "hostile").put("definition", DEFINITION)
                .put("roleArn", "arn:aws:iam::000000000000:role/hostile").toString());
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        machineArn = parse(created.body()).get("stateMachineArn").asText();
        RawHttp.Response started = call("StartExecution", HostileCases.JSON.createObjectNode()
                .put("stateMachineArn", machineArn).put("name", "existing").put("input", "{\"a\":1}").toString());
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        String executionArn = parse(started.body()).get("executionArn").asText();
        awaitEnd(executionArn);
        templates = List.of(
                template("CreateStateMachine", Map.of("name", "hostile-new", "definition", DEFINITION,
                        "roleArn", "arn:aws:iam::000000000000:role/hostile", "type", "STANDARD")),
                template("UpdateStateMachine", Map.of("stateMachineArn", machineArn, "definition", DEFINITION)),
                template("StartExecution", Map.of("stateMachineArn", machineArn, "name", "new-execution",
                        "input", "{\"order\":{\"id\":\"o-1\",\"total\":300}}")),
                template("StopExecution", Map.of("executionArn", executionArn, "error", "Stopped",
                        "cause", "by a test")),
                template("DeleteStateMachine", Map.of("stateMachineArn", machineArn)),
                template("DescribeExecution", Map.of("executionArn", executionArn)),
                template("GetExecutionHistory", Map.of("executionArn", executionArn, "maxResults", 10,
                        "reverseOrder", true)),
                template("ListExecutions", Map.of("stateMachineArn", machineArn, "statusFilter", "RUNNING",
                        "maxResults", 5)));
    }

    @AfterAll
    void stop() {
        server.close();
        engine.close();
    }

    @Test
    void randomHostileRequestsAreRefusedAndChangeNothing() {
        check(HostileCases.seed("Step Functions API"), HostileCases.count());
    }

    /** Seeds that once found a defect. */
    @ParameterizedTest
    @ValueSource(longs = {7L, 1234L, 4465778992906615934L})
    void regressionSeeds(long seed) {
        check(seed, 60);
    }

    private void check(long seed, int cases) {
        String before = state();
        Random inner = new Random(seed ^ 0x5DEECE66DL);
        HostileJson innerMutator = new HostileJson(inner, new HostileJson.Rules(List.of(), List.of()));
        HostileCases.run(seed, cases, templates, new HostileJson.Rules(List.of(), List.of()), sent -> {
            byte[] body = inner.nextInt(3) == 0 ? insideTheRequest(sent.template(), innerMutator, inner)
                    : sent.hostile().body();
            RawHttp.Response r = send(sent.template().name(), body);
            assertThat(r.status()).as("status of %s, body %s", sent, abbreviate(r.body())).isBetween(400, 499);
            assertThat(parse(r.body()).path("__type").asText()).as("error document of %s", sent).isNotEmpty();
            assertThat(call("ListStateMachines", "{}").status()).as("the next request after %s", sent)
                    .isEqualTo(200);
        });
        assertThat(state()).as("state machines and executions after seed %d", seed).isEqualTo(before);
    }

    /**
     * A valid request whose definition or input is what is hostile: broken JSON, a misshapen definition, an
     * input over the 256 KiB quota, or an ARN that is not one.
     */
    private static byte[] insideTheRequest(HostileCases.Template template, HostileJson mutator, Random random) {
        ObjectNode request = template.body().deepCopy();
        if (request.has("definition")) {
            JsonNode definition = parse(DEFINITION);
            HostileJson.Case bad = random.nextBoolean() ? mutator.broken(definition) : mutator.misshapen(definition);
            request.put("definition", bad.text());
        } else if (request.has("input")) {
            request.put("input", random.nextBoolean() ? mutator.broken(parse(request.get("input").asText())).text()
                    : "{\"big\":\"" + "x".repeat(256 * 1024 + random.nextInt(100_000)) + "\"}");
        } else {
            String member = request.has("executionArn") ? "executionArn" : "stateMachineArn";
            String[] arns = {"arn:aws:states:us-east-1:000000000000:stateMachine", "not-an-arn", "",
                "arn:aws:states:us-east-1:000000000000:execution:hostile", "arn:aws:lambda:us-east-1:0:function:x",
                "arn:aws:states:us-east-1:000000000000:stateMachine:" + "n".repeat(300)};
            request.put(member, arns[random.nextInt(arns.length)]);
        }
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void awaitEnd(String executionArn) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (parse(call("DescribeExecution", "{\"executionArn\":\"" + executionArn + "\"}").body())
                .path("status").asText().equals("RUNNING")) {
            assertThat(System.nanoTime()).as("execution ended").isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private String state() {
        return call("ListStateMachines", "{}").body()
                + call("DescribeStateMachine", "{\"stateMachineArn\":\"" + machineArn + "\"}").body()
                + call("ListExecutions", "{\"stateMachineArn\":\"" + machineArn + "\"}").body();
    }

    private static HostileCases.Template template(String name, Map<String, Object> members) {
        return new HostileCases.Template(name, HostileCases.JSON.valueToTree(members));
    }

    private RawHttp.Response call(String operation, String body) {
        return send(operation, body.getBytes(StandardCharsets.UTF_8));
    }

    private RawHttp.Response send(String operation, byte[] body) {
        try {
            return RawHttp.send(server.port(), "POST", "/", Map.of(
                    "Content-Type", "application/x-amz-json-1.0", "X-Amz-Target", TARGET + operation), body);
        } catch (RawHttp.Dropped e) {
            throw new AssertionError("connection dropped: " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return HostileCases.JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + abbreviate(body));
        }
    }

    private static String abbreviate(String s) {
        return DynamoDbHostileInputTest.abbreviate(s);
    }
}

package dev.sagastack.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server used unchanged by the other clients the issue names: boto3 (tables, items, conditions, errors,
 * batches, paginated queries, an index, scan segments, transactions, legacy parameters, the stream) and the
 * AWS CLI (including a legacy ScanFilter). Both come from Debian ({@code python3-boto3}, {@code awscli});
 * {@code .ci/test} installs them.
 */
class OtherClientsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DynamoDbServer server;

    @BeforeAll
    static void start() {
        server = DynamoDbServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void boto3UsesTheServerUnchanged() throws Exception {
        Path script = Files.createTempFile("boto3-client", ".py");
        try (var in = OtherClientsTest.class.getResourceAsStream("/clients/boto3_client.py")) {
            Files.write(script, in.readAllBytes());
        }
        Result result = run(List.of(python(), script.toString(), server.endpoint().toString(), "boto3-table"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("all checks passed");
    }

    @Test
    void theAwsCliPutsGetsAndListsAgainstTheServer() throws Exception {
        String endpoint = server.endpoint().toString();
        Result created = aws("dynamodb", "create-table", "--table-name", "cli-table",
                "--attribute-definitions", "AttributeName=id,AttributeType=S",
                "--key-schema", "AttributeName=id,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST",
                "--endpoint-url", endpoint);
        assertThat(created.exitCode()).as(created.output()).isZero();
        Result put = aws("dynamodb", "put-item", "--table-name", "cli-table",
                "--item", "{\"id\":{\"S\":\"u-1\"},\"name\":{\"S\":\"Ada\"},\"visits\":{\"N\":\"3\"}}",
                "--condition-expression", "attribute_not_exists(id)", "--endpoint-url", endpoint);
        assertThat(put.exitCode()).as(put.output()).isZero();

        Result again = aws("dynamodb", "put-item", "--table-name", "cli-table",
                "--item", "{\"id\":{\"S\":\"u-1\"}}", "--condition-expression", "attribute_not_exists(id)",
                "--endpoint-url", endpoint);
        Result got = aws("dynamodb", "get-item", "--table-name", "cli-table", "--key", "{\"id\":{\"S\":\"u-1\"}}",
                "--consistent-read", "--output", "json", "--endpoint-url", endpoint);
        Result tables = aws("dynamodb", "list-tables", "--output", "json", "--endpoint-url", endpoint);
        // A legacy parameter (Developer Guide: "Legacy conditional parameters", ScanFilter).
        Result scanned = aws("dynamodb", "scan", "--table-name", "cli-table", "--scan-filter",
                "{\"visits\":{\"ComparisonOperator\":\"GE\",\"AttributeValueList\":[{\"N\":\"3\"}]}}",
                "--output", "json", "--endpoint-url", endpoint);

        assertThat(again.exitCode()).isNotZero();
        assertThat(again.output()).contains("ConditionalCheckFailedException");
        assertThat(got.exitCode()).as(got.output()).isZero();
        JsonNode item = JSON.readTree(got.stdout()).get("Item");
        assertThat(item.get("name").get("S").asText()).isEqualTo("Ada");
        assertThat(item.get("visits").get("N").asText()).isEqualTo("3");
        assertThat(JSON.readTree(tables.stdout()).get("TableNames")).extracting(JsonNode::asText).contains("cli-table");
        assertThat(scanned.exitCode()).as(scanned.output()).isZero();
        assertThat(JSON.readTree(scanned.stdout()).get("Items")).hasSize(1);
    }

    private record Result(int exitCode, String stdout, String output) {
    }

    private static Result aws(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(executable("aws", "/usr/bin/aws"));
        command.addAll(List.of(args));
        command.addAll(List.of("--region", "us-east-1"));
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

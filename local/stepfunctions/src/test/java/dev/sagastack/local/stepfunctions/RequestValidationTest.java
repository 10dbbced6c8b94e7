package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.http.StepFunctionsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Request members are checked against the shapes of the Step Functions API Reference before an operation runs
 * (StopExecution: error 0-256, cause 0-32768; StartExecution: input up to 262144; ListExecutions: maxResults
 * 0-1000, statusFilter's valid values), and a member of another JSON type is a SerializationException, as is
 * a body that is not UTF-8.
 */
class RequestValidationTest {
    private static final String DEFINITION = "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":60,\"End\":true}}}";
    private static StepFunctionsEngine engine;
    private static StepFunctionsServer server;
    private static SfnClient sfn;
    private static String machine;

    @BeforeAll
    static void start() {
        engine = StepFunctionsEngine.builder().build();
        server = StepFunctionsServer.start(engine, 0);
        sfn = SfnClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        machine = sfn.createStateMachine(r -> r.name("shapes").definition(DEFINITION)
                .roleArn("arn:aws:iam::000000000000:role/sfn")).stateMachineArn();
    }

    @AfterAll
    static void stop() {
        sfn.close();
        server.close();
        engine.close();
    }

    @Test
    void stopExecutionRefusesAnOverlongErrorAndCauseAndKeepsTheExecutionRunning() {
        String execution = sfn.startExecution(r -> r.stateMachineArn(machine).name("runs")).executionArn();
        SfnException e = catchThrowableOfType(SfnException.class, () -> sfn.stopExecution(r -> r
                .executionArn(execution).error("e".repeat(257)).cause("c".repeat(32_769))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("2 validation errors detected: Value 'ccc")
                .contains("' at 'cause' failed to satisfy constraint: Member must have length less than or equal to 32768; "
                        + "Value '" + "e".repeat(257) + "' at 'error' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 256");
        assertThat(sfn.describeExecution(r -> r.executionArn(execution)).statusAsString()).isEqualTo("RUNNING");
    }

    @Test
    void startExecutionRefusesAnInputOverThePayloadQuotaAndStartsNothing() {
        String input = "{\"x\":\"" + "x".repeat(262_144) + "\"}";
        SfnException e = catchThrowableOfType(SfnException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn(machine).name("too-big").input(input)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).endsWith(
                "at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144");
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions())
                .noneMatch(x -> x.name().equals("too-big"));
    }

    @Test
    void listExecutionsChecksRangeAndValidValues() {
        SfnException e = catchThrowableOfType(SfnException.class,
                () -> sfn.listExecutions(r -> r.stateMachineArn(machine).maxResults(1001).statusFilter("DONE")));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("2 validation errors detected: "
                + "Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000; "
                + "Value 'DONE' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: "
                + "[ABORTED, FAILED, PENDING_REDRIVE, RUNNING, SUCCEEDED, TIMED_OUT]");
    }

    @Test
    void aMemberOfAnotherJsonTypeIsASerializationException() throws Exception {
        HttpResponse<String> number = post("StopExecution", "{\"executionArn\":\"" + machine + "\",\"cause\":5}");
        assertThat(number.statusCode()).isEqualTo(400);
        assertThat(number.body()).contains("\"__type\":\"SerializationException\"")
                .contains("NUMBER_VALUE cannot be converted to String");
        HttpResponse<String> object = post("DescribeExecution", "{\"executionArn\":{\"a\":1}}");
        assertThat(object.body()).contains("SerializationException")
                .contains("Start of structure or map found where not expected.");
        HttpResponse<String> flag = post("GetExecutionHistory", "{\"executionArn\":\"x\",\"reverseOrder\":\"yes\"}");
        assertThat(flag.body()).contains("STRING_VALUE cannot be converted to Boolean");
    }

    @Test
    void aBodyThatIsNotUtf8IsASerializationExceptionAndStartsNothing() throws Exception {
        byte[] body = ("{\"stateMachineArn\":\"" + machine + "\",\"name\":\"\u00ff-bad\"}")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions.StartExecution")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("SerializationException");
        assertThat(sfn.listExecutions(x -> x.stateMachineArn(machine)).executions())
                .noneMatch(x -> x.name().endsWith("-bad"));
    }

    private static HttpResponse<String> post(String operation, String body) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.dynamodb.DynamoDbServer;
import dev.sagastack.local.stepfunctions.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Optimized integrations other than Lambda: DynamoDB item calls ("Call DynamoDB APIs with Step
 * Functions") against the project's local DynamoDB server, and states:startExecution with .sync
 * and .sync:2 ("Start a new AWS Step Functions state machine from a running execution").
 */
class ServiceIntegrationsTest {
    private static DynamoDbServer dynamo;
    private static DynamoDbClient client;
    private static StepFunctionsEngine engine;

    @BeforeAll
    static void start() {
        dynamo = DynamoDbServer.start();
        client = DynamoDbClient.builder().endpointOverride(dynamo.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        client.createTable(b -> b.tableName("Orders").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
        engine = StepFunctionsEngine.builder().virtualTime(Instant.parse("2025-01-01T00:00:00Z"))
                .dynamoDbEndpoint(dynamo.endpoint()).build();
    }

    @AfterAll
    static void stop() {
        engine.close();
        client.close();
        dynamo.close();
    }

    private static ExecutionInfo run(String name, String definition, String input) {
        String sm = engine.createStateMachine(name, definition).stateMachineArn();
        return engine.awaitExecution(engine.startExecution(sm, input).executionArn(), Duration.ofSeconds(20));
    }

    @Test
    void putUpdateGetAndDeleteItems() {
        ExecutionInfo e = run("ddb", """
                {"StartAt":"Put","States":{
                  "Put":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem",
                    "Parameters":{"TableName":"Orders","Item":{"id":{"S.$":"$.id"},"status":{"S":"NEW"}}},
                    "ResultPath":null,"Next":"Update"},
                  "Update":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:updateItem",
                    "Parameters":{"TableName":"Orders","Key":{"id":{"S.$":"$.id"}},
                      "UpdateExpression":"SET #s = :s","ConditionExpression":"#s = :old",
                      "ExpressionAttributeNames":{"#s":"status"},
                      "ExpressionAttributeValues":{":s":{"S":"PAID"},":old":{"S":"NEW"}},"ReturnValues":"ALL_NEW"},
                    "ResultSelector":{"status.$":"$.Attributes.status.S"},"ResultPath":"$.updated","Next":"Get"},
                  "Get":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem",
                    "Parameters":{"TableName":"Orders","Key":{"id":{"S.$":"$.id"}}},
                    "ResultSelector":{"item.$":"$.Item"},"ResultPath":"$.got","Next":"Delete"},
                  "Delete":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:deleteItem",
                    "Parameters":{"TableName":"Orders","Key":{"id":{"S.$":"$.id"}}},"ResultPath":null,"End":true}}}""",
                "{\"id\":\"o-1\"}");
        assertThat(e.status()).as(e.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(e.output().orElseThrow())).isEqualTo(Json.parse("{\"id\":\"o-1\",\"updated\":{\"status\":"
                + "\"PAID\"},\"got\":{\"item\":{\"id\":{\"S\":\"o-1\"},\"status\":{\"S\":\"PAID\"}}}}"));
        assertThat(client.getItem(b -> b.tableName("Orders").key(Map.of("id", AttributeValue.fromS("o-1")))).hasItem())
                .isFalse();
        Map<String, Object> succeeded = engine.getExecutionHistory(e.executionArn()).stream()
                .filter(h -> h.type().equals("TaskSucceeded")).findFirst().orElseThrow().details();
        assertThat(succeeded).containsEntry("resourceType", "dynamodb").containsEntry("resource", "putItem");
    }

    @Test
    void failedConditionIsACatchableDynamoDbError() {
        client.putItem(b -> b.tableName("Orders").item(Map.of("id", AttributeValue.fromS("o-2"),
                "status", AttributeValue.fromS("SHIPPED"))));
        ExecutionInfo e = run("ddb-condition", """
                {"QueryLanguage":"JSONata","StartAt":"Pay","States":{
                  "Pay":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:updateItem",
                    "Arguments":{"TableName":"Orders","Key":{"id":{"S":"{% $states.input.id %}"}},
                      "UpdateExpression":"SET #s = :s","ConditionExpression":"#s = :old",
                      "ExpressionAttributeNames":{"#s":"status"},
                      "ExpressionAttributeValues":{":s":{"S":"PAID"},":old":{"S":"NEW"}}},
                    "Catch":[{"ErrorEquals":["DynamoDB.ConditionalCheckFailedException"],"Next":"AlreadyMoved",
                              "Output":"{% $states.errorOutput %}"}],"End":true},
                  "AlreadyMoved":{"Type":"Succeed"}}}""", "{\"id\":\"o-2\"}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Map<String, Object> error = Json.asObject(Json.parse(e.output().orElseThrow()));
        assertThat(error).containsEntry("Error", "DynamoDB.ConditionalCheckFailedException");
        assertThat((String) error.get("Cause")).contains("(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: "
                + "ConditionalCheckFailedException;");
    }

    @Test
    void missingTableFailsWithResourceNotFound() {
        ExecutionInfo e = run("ddb-missing", """
                {"StartAt":"Put","States":{"Put":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem",
                  "Parameters":{"TableName":"NoSuchTable","Item":{"id":{"S":"x"}}},"End":true}}}""", "{}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).contains("DynamoDB.ResourceNotFoundException");
    }

    @Test
    void startExecutionSyncWaitsForTheChildAndReturnsItsDescription() {
        engine.createStateMachine("child", "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":30,"
                + "\"Next\":\"P\"},\"P\":{\"Type\":\"Pass\",\"Result\":{\"Arg1\":\"argument1\"},\"End\":true}}}");
        String child = engine.stateMachineArn("child");
        ExecutionInfo sync = run("parent-sync", "{\"StartAt\":\"Start\",\"States\":{\"Start\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:states:::states:startExecution.sync\",\"Parameters\":{\"StateMachineArn\":\""
                + child + "\",\"Input\":{}},\"End\":true}}}", "{}");
        Map<String, Object> out = Json.asObject(Json.parse(sync.output().orElseThrow()));
        assertThat(out).containsEntry("Status", "SUCCEEDED").containsEntry("Output", "{\"Arg1\":\"argument1\"}")
                .containsEntry("Input", "{}").containsEntry("StateMachineArn", child);
        ExecutionInfo sync2 = run("parent-sync2", "{\"StartAt\":\"Start\",\"States\":{\"Start\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:states:::states:startExecution.sync:2\",\"Parameters\":{\"StateMachineArn\":\""
                + child + "\",\"Input\":{\"a\":1}},\"OutputPath\":\"$.Output\",\"End\":true}}}", "{}");
        assertThat(Json.parse(sync2.output().orElseThrow())).isEqualTo(Json.parse("{\"Arg1\":\"argument1\"}"));
        assertThat(engine.getExecutionHistory(sync2.executionArn())).extracting(HistoryEvent::type)
                .containsSubsequence("TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded");
    }

    @Test
    void failedChildFailsTheSyncTaskWithStatesTaskFailed() {
        engine.createStateMachine("failing-child", "{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\","
                + "\"Error\":\"SomeFailure\",\"Cause\":\"This state machines raises a 'SomeFailure' failure.\"}}}");
        ExecutionInfo e = run("parent-fail", "{\"StartAt\":\"Start\",\"States\":{\"Start\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:states:::states:startExecution.sync\",\"Parameters\":{\"StateMachineArn\":\""
                + engine.stateMachineArn("failing-child") + "\"},\"End\":true}}}", "{}");
        assertThat(e.error()).contains("States.TaskFailed");
        Map<String, Object> cause = Json.asObject(Json.parse(e.cause().orElseThrow()));
        assertThat(cause).containsEntry("Error", "SomeFailure").containsEntry("Status", "FAILED");
    }

    @Test
    void startExecutionOfAMissingStateMachineFailsWithTheSdkErrorName() {
        ExecutionInfo e = run("parent-missing", "{\"StartAt\":\"Start\",\"States\":{\"Start\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:states:::states:startExecution\",\"Parameters\":{\"StateMachineArn\":"
                + "\"arn:aws:states:us-east-1:123456789012:stateMachine:nope\"},\"End\":true}}}", "{}");
        assertThat(e.error()).contains("StepFunctions.StateMachineDoesNotExistException");
        assertThat(e.cause().orElseThrow()).startsWith("State Machine Does Not Exist: 'arn:aws:states:us-east-1:"
                + "123456789012:stateMachine:nope' (Service: AWSStepFunctions; Status Code: 400; Error Code: "
                + "StateMachineDoesNotExist;");
    }
}

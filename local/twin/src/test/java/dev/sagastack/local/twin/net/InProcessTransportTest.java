package dev.sagastack.local.twin.net;

import dev.sagastack.local.dynamodb.DynamoDbServer;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;
import dev.sagastack.local.stepfunctions.http.StepFunctionsApi;
import dev.sagastack.local.twin.access.EndpointGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SDK clients of the twin's JVM reach the engines through the in-process transport, unchanged for the SDK. */
class InProcessTransportTest {

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final InProcessTransport transport = InProcessTransport.shared();
    private DynamoDbServer server;
    private DynamoDbClient dynamo;

    @BeforeEach
    void start() {
        server = DynamoDbServer.start();
        transport.registerDynamoDb(server.port(), server.api(), EndpointGuard.OPEN);
        dynamo = dynamoClient(server.endpoint());
        dynamo.createTable(b -> b.tableName("transport-test")
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                        .attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    @AfterEach
    void stop() {
        transport.unregister(server.port());
        dynamo.close();
        server.close();
    }

    @Test
    void itemsWrittenInProcessAreTheEnginesItemsAndVisibleOverTcp() {
        dynamo.putItem(b -> b.tableName("transport-test").item(Map.of("pk", s("order-1"), "status", s("PENDING"))));

        // The server's TCP endpoint (the URL-connection client outside the transport) sees the same item.
        transport.unregister(server.port());
        try (DynamoDbClient overTcp = dynamoClient(server.endpoint())) {
            assertThat(overTcp.getItem(b -> b.tableName("transport-test").key(Map.of("pk", s("order-1")))).item())
                    .containsEntry("status", s("PENDING"));
        }
        transport.registerDynamoDb(server.port(), server.api(), EndpointGuard.OPEN);
        assertThat(dynamo.getItem(b -> b.tableName("transport-test").key(Map.of("pk", s("order-1")))
                .consistentRead(true)).item()).containsEntry("status", s("PENDING"));
    }

    @Test
    void engineErrorsReachTheSdkAsTheirModelledExceptions() {
        dynamo.putItem(b -> b.tableName("transport-test").item(Map.of("pk", s("order-2"), "status", s("CONFIRMED"))));

        assertThatThrownBy(() -> dynamo.updateItem(b -> b.tableName("transport-test").key(Map.of("pk", s("order-2")))
                .updateExpression("SET #s = :c").conditionExpression("#s = :p")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":c", s("CANCELLED"), ":p", s("PENDING")))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.item()).containsEntry("status", s("CONFIRMED"));
                    assertThat(e.requestId()).hasSize(52);
                });
        assertThatThrownBy(() -> dynamo.getItem(b -> b.tableName("no-such-table").key(Map.of("pk", s("x")))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Requested resource not found");
    }

    @Test
    void requestsToOtherPortsGoOverTheNetwork() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (DynamoDbClient nowhere = dynamoClient(URI.create("http://127.0.0.1:" + closedPort))) {
            assertThatThrownBy(() -> nowhere.getItem(b -> b.tableName("transport-test").key(Map.of("pk", s("x")))))
                    .isInstanceOf(SdkClientException.class)
                    .hasRootCauseInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void stepFunctionsCallsReachTheEngine() throws Exception {
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder().build()) {
            String arn = engine.createStateMachine("transport-test",
                    "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Pass\",\"End\":true}}}", Map.of())
                    .stateMachineArn();
            int port = 1; // never listened on: only the transport can answer
            transport.registerStepFunctions(port, new StepFunctionsApi(engine), EndpointGuard.OPEN);
            try (SfnClient sfn = SfnClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                    .region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).httpClient(transport).build()) {
                String execution = sfn.startExecution(b -> b.stateMachineArn(arn).name("order-9").input("{}"))
                        .executionArn();
                assertThat(execution).endsWith(":transport-test:order-9");
                assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(arn).name("order-9")
                        .input("{\"other\":1}"))).isInstanceOf(ExecutionAlreadyExistsException.class);
                ExecutionStatus status = ExecutionStatus.RUNNING;
                for (int i = 0; i < 200 && status == ExecutionStatus.RUNNING; i++) {
                    status = sfn.describeExecution(b -> b.executionArn(execution)).status();
                    Thread.sleep(10);
                }
                assertThat(status).isEqualTo(ExecutionStatus.SUCCEEDED);
            } finally {
                transport.unregister(port);
            }
        }
    }

    private DynamoDbClient dynamoClient(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(transport)
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}

package dev.sagastack.local.twin.access;

import dev.sagastack.local.iam.Credentials;
import dev.sagastack.local.twin.Twin;
import dev.sagastack.local.twin.TwinOptions;
import dev.sagastack.local.twin.net.InProcessTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import dev.sagastack.local.dynamodb.DynamoDbServer;
import dev.sagastack.local.twin.dax.LocalDax;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The twin's DynamoDB endpoint checks every request the same way over TCP and over the in-process transport its own
 * JVM's clients use: an unknown key is UnrecognizedClientException, a function's role session may do what its
 * template policy grants and nothing else (AccessDeniedException with IAM's message, HTTP 400: DynamoDB Developer
 * Guide, "Error handling with DynamoDB"), and each denial is listed for the console.
 */
class TwinAccessTest {

    private static Twin twin;
    private static String singleTable;
    private static String confirmOrder;

    @BeforeAll
    static void start() {
        twin = Twin.start(TwinOptions.parse("--port", "0"), new PrintStream(OutputStream.nullOutputStream()));
        singleTable = twin.deployment().resources("AWS::DynamoDB::Table").stream()
                .filter(r -> r.logicalId().contains("SingleTable")).findFirst().orElseThrow().physicalId();
        confirmOrder = twin.deployment().resources("AWS::Lambda::Function").stream()
                .filter(r -> r.logicalId().startsWith("OrderSagaConfirmOrder")).findFirst().orElseThrow().physicalId();
    }

    @AfterAll
    static void stop() {
        if (twin != null) {
            twin.close();
        }
    }

    private static DynamoDbClient client(AwsCredentials credentials, SdkHttpClient http) {
        return DynamoDbClient.builder().endpointOverride(twin.dynamoDbEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).httpClient(http)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private static AwsCredentials sdk(Credentials c) {
        return c.sessionToken().<AwsCredentials>map(t -> AwsSessionCredentials.create(c.accessKeyId(),
                c.secretAccessKey(), t)).orElseGet(() -> AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey()));
    }

    @Test
    void anUnknownKeyIsRefusedOverBothPaths() {
        for (SdkHttpClient http : List.of(InProcessTransport.shared(), UrlConnectionHttpClient.create())) {
            try (DynamoDbClient client = client(AwsBasicCredentials.create("AKIAUNKNOWN000000000", "secret"), http)) {
                AwsServiceException refused = catchThrowableOfType(AwsServiceException.class, client::listTables);
                assertThat(refused.statusCode()).isEqualTo(400);
                assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                assertThat(refused.awsErrorDetails().errorMessage())
                        .isEqualTo("The security token included in the request is invalid.");
            }
        }
    }

    @Test
    void aFunctionRoleMayDoWhatItsPolicyGrantsAndIsDeniedTheRestOverBothPaths() {
        Credentials role = twin.access().functionCredentials(confirmOrder);
        assertThat(role.accessKeyId()).startsWith("ASIA");
        assertThat(role.principal().arn()).contains("OrderSagaConfirmOrderRole").endsWith("/" + confirmOrder);
        for (SdkHttpClient http : List.of(InProcessTransport.shared(), UrlConnectionHttpClient.create())) {
            try (DynamoDbClient client = client(sdk(role), http)) {
                client.getItem(b -> b.tableName(singleTable).key(Map.of("PK", AttributeValue.fromS("USER#none"),
                        "SK", AttributeValue.fromS("PROFILE"))));
                AwsServiceException denied = catchThrowableOfType(AwsServiceException.class,
                        () -> client.deleteTable(b -> b.tableName(singleTable)));
                assertThat(denied.statusCode()).isEqualTo(400);
                assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                assertThat(denied.awsErrorDetails().errorMessage()).isEqualTo("User: " + role.principal().arn()
                        + " is not authorized to perform: dynamodb:DeleteTable on resource: arn:aws:dynamodb:us-east-1:"
                        + "000000000000:table/" + singleTable
                        + " because no identity-based policy allows the dynamodb:DeleteTable action");
            }
        }
        assertThat(twin.access().recentDenials()).anySatisfy(d -> {
            assertThat(d.principalArn()).isEqualTo(role.principal().arn());
            assertThat(d.request().action()).isEqualTo("dynamodb:DeleteTable");
        });
        try (DynamoDbClient admin = client(AwsBasicCredentials.create("test", "test"), InProcessTransport.shared())) {
            assertThat(admin.describeTable(b -> b.tableName(singleTable)).table().tableName()).isEqualTo(singleTable);
        }
    }

    /**
     * The engine's fault endpoint (a local extension on the DynamoDB endpoint) is signed like any call and only the
     * administrator may use it: a function's role is denied {@code sagastack-local:PutFault}, an unsigned call is
     * MissingAuthenticationTokenException; the administrator's call reaches the engine.
     */
    @Test
    void onlyTheAdministratorReachesTheEnginesFaultEndpoint() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        byte[] body = "{\"operation\":\"GetItem\",\"table\":\"*\",\"mode\":\"InternalServerError\",\"times\":1}"
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("X-Amz-Target", "SagastackLocalFaults.PutFault",
                "Content-Type", "application/x-amz-json-1.0");
        URI endpoint = twin.dynamoDbEndpoint().resolve("/");
        Credentials role = twin.access().functionCredentials(confirmOrder);

        HttpResponse<String> asRole = http.send(new ExecuteApiSigner(role, "us-east-1", "dynamodb")
                .request("POST", endpoint, headers, body, Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofString());
        assertThat(asRole.statusCode()).isEqualTo(400);
        assertThat(asRole.body()).contains("AccessDeniedException").contains("sagastack-local:PutFault");

        HttpRequest.Builder unsigned = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(unsigned::header);
        assertThat(http.send(unsigned.build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("MissingAuthenticationTokenException");

        HttpResponse<String> asAdministrator = http.send(new ExecuteApiSigner(twin.access().administrator(), "us-east-1",
                "dynamodb").request("POST", endpoint, headers, body, Duration.ofSeconds(10)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(asAdministrator.body()).doesNotContain("AccessDeniedException")
                .doesNotContain("MissingAuthenticationToken").doesNotContain("InvalidSignature");
    }

    /** The local DAX node verifies each connection's authorizeConnection signature before it serves data. */
    @Test
    void theDaxNodeServesSignedConnectionsAndRefusesABadSecret() throws Exception {
        String endpoint = twin.daxEndpoints().get(0).toString();
        Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("USER#dax-none"),
                "SK", AttributeValue.fromS("PROFILE"));
        try (DynamoDbClient dax = daxClient(endpoint, AwsBasicCredentials.create("test", "test"))) {
            assertThat(dax.getItem(b -> b.tableName(singleTable).key(key)).hasItem()).isFalse();
        }
        try (DynamoDbClient dax = daxClient(endpoint, AwsBasicCredentials.create("test", "not-the-secret"))) {
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                    () -> dax.getItem(b -> b.tableName(singleTable).key(key)));
            assertThat(refused).isNotNull();
            assertThat(String.valueOf(refused.getMessage()) + refused.getCause())
                    .contains("The security token included in the request is invalid.");
        }
    }

    /**
     * Each DAX request is authorized with its {@code dax:} action on the stage's cluster for the principal that
     * signed the connection (Service Authorization Reference for DAX): the HTTP API's role may read (its template
     * grants dax:GetItem, BatchGetItem, Query, Scan) but not write, a role without a DAX grant may not read, the
     * administrator may do everything. A refusal reaches the DAX client as a DynamoDbException whose error code is
     * AccessDeniedException, with IAM's message.
     */
    @Test
    void daxRequestsAreAuthorizedForThePrincipalThatSignedTheConnection() throws Exception {
        String endpoint = twin.daxEndpoints().get(0).toString();
        String cluster = twin.deployment().resources("AWS::DAX::Cluster").stream()
                .map(r -> twin.deployment().attribute(r, "Arn").asText()).findFirst().orElseThrow();
        String httpApi = twin.deployment().resources("AWS::Lambda::Function").stream()
                .filter(r -> r.logicalId().startsWith("ApiHttpApiFunction")).findFirst().orElseThrow().physicalId();
        Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("USER#dax-iam"),
                "SK", AttributeValue.fromS("PROFILE"));
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("name", AttributeValue.fromS("Ada"));
        try (DynamoDbClient admin = daxClient(endpoint, AwsBasicCredentials.create("test", "test"))) {
            admin.putItem(b -> b.tableName(singleTable).item(item));
            assertThat(admin.getItem(b -> b.tableName(singleTable).key(key)).item()).containsEntry("name",
                    AttributeValue.fromS("Ada"));
        }
        Credentials reader = twin.access().functionCredentials(httpApi);
        try (DynamoDbClient dax = daxClient(endpoint, sdk(reader))) {
            assertThat(dax.getItem(b -> b.tableName(singleTable).key(key)).item()).containsEntry("name",
                    AttributeValue.fromS("Ada"));
            AwsServiceException denied = catchThrowableOfType(AwsServiceException.class,
                    () -> dax.putItem(b -> b.tableName(singleTable).item(item)));
            assertDenied(denied, reader, "dax:PutItem", cluster);
        }
        Credentials stranger = twin.access().functionCredentials(confirmOrder);
        try (DynamoDbClient dax = daxClient(endpoint, sdk(stranger))) {
            AwsServiceException denied = catchThrowableOfType(AwsServiceException.class,
                    () -> dax.getItem(b -> b.tableName(singleTable).key(key)));
            assertDenied(denied, stranger, "dax:GetItem", cluster);
        }
        assertThat(twin.access().recentDenials()).anySatisfy(d -> {
            assertThat(d.principalArn()).isEqualTo(stranger.principal().arn());
            assertThat(d.request().action()).isEqualTo("dax:GetItem");
        });
    }

    private static void assertDenied(AwsServiceException denied, Credentials who, String action, String cluster) {
        assertThat(denied).isNotNull();
        assertThat(denied.statusCode()).isEqualTo(400);
        assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        // the DAX client puts the error's code sequence in front of the message: "[4.37.38.39.46] User: ..."
        assertThat(denied.awsErrorDetails().errorMessage()).endsWith("] User: " + who.principal().arn()
                + " is not authorized to perform: " + action + " on resource: " + cluster
                + " because no identity-based policy allows the " + action + " action");
    }

    /** With {@code --iam off} the DAX node neither verifies connections nor authorizes requests. */
    @Test
    void withIamOffTheDaxNodeAllowsEveryone() throws Exception {
        TwinAccess off = TwinAccess.fromDeployment(twin.deployment(), new TwinAccess.Settings(false, Optional.empty()));
        try (DynamoDbServer engine = DynamoDbServer.start();
             LocalDax node = LocalDax.start(twin.deployment(), engine.api(), "127.0.0.1", 0, off.daxAuthenticator())
                     .orElseThrow();
             DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(engine.endpoint())
                     .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                     .build()) {
            ddb.createTable(b -> b.tableName(singleTable).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("PK").keyType(KeyType.HASH),
                            k -> k.attributeName("SK").keyType(KeyType.RANGE))
                    .attributeDefinitions(d -> d.attributeName("PK").attributeType(ScalarAttributeType.S),
                            d -> d.attributeName("SK").attributeType(ScalarAttributeType.S)));
            Map<String, AttributeValue> item = Map.of("PK", AttributeValue.fromS("USER#off"),
                    "SK", AttributeValue.fromS("PROFILE"));
            try (DynamoDbClient dax = daxClient(node.endpoints().get(0).toString(),
                    AwsBasicCredentials.create("AKIAUNKNOWN000000000", "any-secret"))) {
                dax.putItem(b -> b.tableName(singleTable).item(item));
                assertThat(dax.getItem(b -> b.tableName(singleTable).key(item)).hasItem()).isTrue();
            }
        }
    }

    /**
     * A state machine's {@code arn:aws:states:::dynamodb:putItem} task signs as the state machine's role session,
     * as Step Functions does ("Perform DynamoDB CRUD operations with Step Functions"): with a role whose policy
     * allows dynamodb:PutItem on the table the item is written; with the saga's role, which has no DynamoDB grant,
     * the task fails with DynamoDB.AmazonDynamoDBException (AccessDeniedException is no modelled DynamoDB error)
     * and IAM's message in the cause.
     */
    @Test
    void dynamoDbTasksSignAsTheStateMachinesRole() throws Exception {
        String writerRole = twin.deployment().resources("AWS::Lambda::Function").stream()
                .filter(r -> r.physicalId().equals(confirmOrder)).findFirst().orElseThrow()
                .properties().path("Role").asText();
        String sagaRole = twin.deployment().resources("AWS::StepFunctions::StateMachine").stream().findFirst()
                .orElseThrow().properties().path("RoleArn").asText();
        assertThat(writerRole).contains(":role/");
        assertThat(sagaRole).contains(":role/");
        try (SfnClient sfn = SfnClient.builder().endpointOverride(twin.stepFunctionsEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
             DynamoDbClient admin = client(AwsBasicCredentials.create("test", "test"), UrlConnectionHttpClient.create())) {
            DescribeExecutionResponse written = runPutItem(sfn, "ddb-writer", writerRole, "USER#sfn-writer");
            assertThat(written.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(admin.getItem(b -> b.tableName(singleTable).key(Map.of("PK", AttributeValue.fromS(
                    "USER#sfn-writer"), "SK", AttributeValue.fromS("PROFILE")))).hasItem()).isTrue();

            DescribeExecutionResponse refused = runPutItem(sfn, "ddb-saga-role", sagaRole, "USER#sfn-refused");
            assertThat(refused.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(refused.error()).isEqualTo("DynamoDB.AmazonDynamoDBException");
            String session = "arn:aws:sts::000000000000:assumed-role/" + sagaRole.substring(sagaRole.lastIndexOf('/') + 1)
                    + "/ddb-saga-role";
            assertThat(refused.cause()).startsWith("User: " + session + " is not authorized to perform: "
                    + "dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/" + singleTable)
                    .contains("(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: AccessDeniedException;");
            assertThat(admin.getItem(b -> b.tableName(singleTable).key(Map.of("PK", AttributeValue.fromS(
                    "USER#sfn-refused"), "SK", AttributeValue.fromS("PROFILE")))).hasItem()).isFalse();
        }
    }

    private static DescribeExecutionResponse runPutItem(SfnClient sfn, String name, String roleArn, String pk)
            throws InterruptedException {
        String definition = """
                {"StartAt":"Put","States":{"Put":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem",
                 "Parameters":{"TableName":"%s","Item":{"PK":{"S":"%s"},"SK":{"S":"PROFILE"}}},"End":true}}}
                """.formatted(singleTable, pk);
        String machine = sfn.createStateMachine(b -> b.name(name).roleArn(roleArn).definition(definition))
                .stateMachineArn();
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(execution));
        for (int i = 0; i < 300 && d.status() == ExecutionStatus.RUNNING; i++) {
            Thread.sleep(20);
            d = sfn.describeExecution(b -> b.executionArn(execution));
        }
        return d;
    }

    private static DynamoDbClient daxClient(String endpoint, AwsCredentials credentials) throws Exception {
        return software.amazon.dax.ClusterDaxClient.builder().overrideConfiguration(software.amazon.dax.Configuration
                .builder().url(endpoint).region(Region.US_EAST_1).credentialsProvider(
                        StaticCredentialsProvider.create(credentials)).build()).build();
    }
}

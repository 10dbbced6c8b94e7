package dev.sagastack.awsjson;

import dev.sagastack.config.SdkHttp;
import dev.sagastack.dynamo.DynamoDbJsonClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * What {@link AwsJsonRpc} sends and how it treats answers, against a scripted HTTP server: the awsJson 1.0 request
 * (DynamoDB API reference, "Making HTTP requests to DynamoDB": POST /, {@code X-Amz-Target: DynamoDB_20120810.Op},
 * {@code application/x-amz-json-1.0}, SigV4 for service "dynamodb"), errors by {@code __type} as the model's
 * exceptions with their members ("Error handling with DynamoDB"), the SDK's retries of 5xx, throttling and CRC32
 * mismatches, and no retry of a refusal. The same client against the local engine is {@code DynamoDbJsonClientTest}.
 */
class AwsJsonRpcTest {

    private ScriptedAwsServer server;
    private final List<String> attempts = new ArrayList<>();

    @BeforeEach
    void start() {
        server = ScriptedAwsServer.start("application/x-amz-json-1.0");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private DynamoDbClient client() {
        return new DynamoDbJsonClient(new AwsJsonRpc(DynamoDbJsonClient.SERVICE, SdkHttp::current, Region.EU_WEST_1,
                server.endpoint(),
                StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "session-token")),
                attempts::add));
    }

    private void answer(int status, String body) {
        server.answer(status, body);
    }

    private static long crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    @Test
    void sendsOneSignedAwsJsonRequestAndBuildsTheModelsAnswer() {
        String item = "{\"Item\":{\"PK\":{\"S\":\"ORDER#1\"},\"total\":{\"N\":\"12.50\"},\"tags\":{\"SS\":[\"a\",\"b\"]},"
                + "\"blob\":{\"B\":\"AQID\"},\"lines\":{\"L\":[{\"M\":{\"sku\":{\"S\":\"X\"}}},{\"NULL\":true}]},"
                + "\"empty\":{\"L\":[]},\"ok\":{\"BOOL\":false}},\"ConsumedCapacity\":{\"TableName\":\"t\",\"CapacityUnits\":0.5},"
                + "\"SomeFutureMember\":{\"x\":[1,2]}}";
        server.answer(200, item, Map.of("x-amz-crc32", Long.toString(crc(item))));

        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put("PK", AttributeValue.fromS("ORDER#1"));
        key.put("SK", AttributeValue.fromS("ORDER#1"));
        GetItemResponse response = client().getItem(r -> r.tableName("single").consistentRead(true).key(key)
                .projectionExpression("#t").expressionAttributeNames(Map.of("#t", "total")));

        ScriptedAwsServer.Request sent = server.requests().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/");
        assertThat(sent.header("X-Amz-Target")).isEqualTo("DynamoDB_20120810.GetItem");
        assertThat(sent.header("Content-Type")).isEqualTo("application/x-amz-json-1.0");
        assertThat(sent.header("X-Amz-Security-Token")).isEqualTo("session-token");
        assertThat(sent.header("amz-sdk-request")).isEqualTo("attempt=1; max=9");
        assertThat(sent.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/dynamodb/aws4_request");
        assertThat(sent.body()).isEqualTo("{\"TableName\":\"single\",\"Key\":{\"PK\":{\"S\":\"ORDER#1\"},"
                + "\"SK\":{\"S\":\"ORDER#1\"}},\"ConsistentRead\":true,\"ProjectionExpression\":\"#t\","
                + "\"ExpressionAttributeNames\":{\"#t\":\"total\"}}");
        assertThat(response.item().get("total").n()).isEqualTo("12.50");
        assertThat(response.item().get("tags").ss()).containsExactly("a", "b");
        assertThat(response.item().get("blob").b().asByteArray()).containsExactly(1, 2, 3);
        assertThat(response.item().get("lines").l().get(0).m().get("sku").s()).isEqualTo("X");
        assertThat(response.item().get("lines").l().get(1).nul()).isTrue();
        assertThat(response.item().get("empty").hasL()).isTrue();
        assertThat(response.item().get("empty").l()).isEmpty();
        assertThat(response.item().get("ok").bool()).isFalse();
        assertThat(response.consumedCapacity().capacityUnits()).isEqualTo(0.5);
        assertThat(response.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(response.responseMetadata().requestId()).isEqualTo("REQ1");
        assertThat(attempts).containsExactly("GetItem");
    }

    @Test
    void anIdempotencyTokenIsGeneratedWhenTheCallerGivesNone() {
        client().transactWriteItems(r -> r.transactItems(t -> t.put(p -> p.tableName("t")
                .item(Map.of("PK", AttributeValue.fromS("A"))))));

        assertThat(server.requests().get(0).body()).matches(".*\"ClientRequestToken\":\"[0-9a-f-]{36}\".*");
    }

    @Test
    void aModeledRefusalIsTheModelsExceptionWithItsMembersAndIsNotRetried() {
        answer(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
                + "\"Message\":\"Transaction cancelled, please refer cancellation reasons for specific reasons "
                + "[ConditionalCheckFailed, None]\",\"CancellationReasons\":[{\"Code\":\"ConditionalCheckFailed\","
                + "\"Message\":\"The conditional request failed\",\"Item\":{\"PK\":{\"S\":\"A\"}}},{\"Code\":\"None\"}]}");

        assertThatThrownBy(() -> client().transactWriteItems(r -> r.transactItems(t -> t.put(p -> p.tableName("t")
                .item(Map.of("PK", AttributeValue.fromS("A")))))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.cancellationReasons()).hasSize(2);
                    assertThat(e.cancellationReasons().get(0).code()).isEqualTo("ConditionalCheckFailed");
                    assertThat(e.cancellationReasons().get(0).item().get("PK").s()).isEqualTo("A");
                    assertThat(e.cancellationReasons().get(1).code()).isEqualTo("None");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TransactionCanceledException");
                    assertThat(e.awsErrorDetails().serviceName()).isEqualTo("DynamoDb");
                    assertThat(e.requestId()).isEqualTo("REQ1");
                    assertThat(e.getMessage()).startsWith("Transaction cancelled, please refer cancellation reasons")
                            .contains("Service: DynamoDb, Status Code: 400, Request ID: REQ1");
                });
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aConditionalCheckFailureCarriesTheItemWhenAsked() {
        answer(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
                + "\"message\":\"The conditional request failed\",\"Item\":{\"status\":{\"S\":\"SHIPPED\"}}}");

        assertThatThrownBy(() -> client().putItem(r -> r.tableName("t").item(Map.of("PK", AttributeValue.fromS("A")))
                .conditionExpression("attribute_not_exists(PK)").returnValuesOnConditionCheckFailure("ALL_OLD")))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> {
                    assertThat(e.item().get("status").s()).isEqualTo("SHIPPED");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
                });
        assertThat(server.requests().get(0).body()).contains("\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"");
    }

    @Test
    void anErrorTheModelDoesNotNameIsTheServicesBaseExceptionWithItsCode() {
        answer(400, "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"One or more "
                + "parameter values were invalid\"}");

        assertThatThrownBy(() -> client().getItem(r -> r.tableName("t").key(Map.of("PK", AttributeValue.fromS("A")))))
                .isExactlyInstanceOf(DynamoDbException.class)
                .satisfies(e -> assertThat(((DynamoDbException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void serverErrorsThrottlingAndChecksumMismatchesAreRetriedAsTheSdkDoes() {
        answer(500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"boom\"}");
        answer(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\",\"message\":\"slow down\"}");
        server.answer(200, "{\"Item\":{}}", Map.of("x-amz-crc32", "1"));
        String ok = "{\"Item\":{\"PK\":{\"S\":\"A\"}}}";
        server.answer(200, ok, Map.of("x-amz-crc32", Long.toString(crc(ok))));

        GetItemResponse response = client().getItem(r -> r.tableName("t").key(Map.of("PK", AttributeValue.fromS("A"))));

        assertThat(response.item().get("PK").s()).isEqualTo("A");
        assertThat(server.requests()).extracting(r -> r.header("amz-sdk-request"))
                .containsExactly("attempt=1; max=9", "attempt=2; max=9", "attempt=3; max=9", "attempt=4; max=9");
        assertThat(server.requests()).extracting(r -> r.header("amz-sdk-invocation-id"))
                .containsOnly(server.requests().get(0).header("amz-sdk-invocation-id"));
        assertThat(attempts).hasSize(4);
    }

    @Test
    void throttlingThatLastsIsThrownAfterTheLastAttempt() {
        AwsJsonRpc.Service quick = new AwsJsonRpc.Service("DynamoDb", "dynamodb", "DynamoDB_20120810", "1.0",
                code -> code.equals("ProvisionedThroughputExceededException")
                        ? ProvisionedThroughputExceededException.builder() : null,
                DynamoDbException::builder, 2, 1);
        for (int i = 0; i < 2; i++) {
            answer(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\"}");
        }
        DynamoDbClient client = new DynamoDbJsonClient(new AwsJsonRpc(quick, SdkHttp::current, Region.EU_WEST_1,
                server.endpoint(),
                StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "t")), op -> { }));

        assertThatThrownBy(() -> client.getItem(r -> r.tableName("t").key(Map.of("PK", AttributeValue.fromS("A")))))
                .isInstanceOfSatisfying(ProvisionedThroughputExceededException.class,
                        e -> assertThat(e.numAttempts()).isEqualTo(2));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void noAnswerAtAllIsAClientExceptionAfterTheLastAttempt() {
        server.close();
        AwsJsonRpc.Service quick = new AwsJsonRpc.Service("DynamoDb", "dynamodb", "DynamoDB_20120810", "1.0",
                code -> null, DynamoDbException::builder, 3, 1);
        List<String> tried = new ArrayList<>();
        DynamoDbClient client = new DynamoDbJsonClient(new AwsJsonRpc(quick, SdkHttp::current, Region.EU_WEST_1,
                server.endpoint(),
                StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "t")), tried::add));

        assertThatThrownBy(() -> client.getItem(r -> r.tableName("t").key(Map.of("PK", AttributeValue.fromS("A")))))
                .isInstanceOf(SdkClientException.class).hasMessageStartingWith("Unable to execute HTTP request")
                .hasCauseInstanceOf(IOException.class);
        assertThat(tried).hasSize(3);
    }

    @Test
    void aClockSkewErrorSetsTheTimeOffsetAndTheRetryAndLaterCallsAreSignedAtTheServicesTime() {
        // this JVM's clock 15 minutes behind; the server answers with its Date (the real time)
        DynamoDbClient client = clientWithClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-15)));
        answer(400, "{\"__type\":\"com.amazon.coral.service#RequestTimeTooSkewed\",\"message\":\"skewed\"}");

        client.getItem(r -> r.tableName("t").key(Map.of("PK", AttributeValue.fromS("A"))));
        client.getItem(r -> r.tableName("t").key(Map.of("PK", AttributeValue.fromS("A"))));

        assertThat(server.requests()).hasSize(3);
        assertThat(signedAt(0)).isCloseTo(Instant.now().minus(Duration.ofMinutes(15)), within(Duration.ofMinutes(1)));
        assertThat(signedAt(1)).as("the retry").isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
        assertThat(signedAt(2)).as("the next call").isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
    }

    @Test
    void aRefusedSignatureIsClockSkewOnlyWhenTheServicesDateIsFourMinutesOrMoreAway() {
        String refused = "{\"__type\":\"com.amazon.coral.service#InvalidSignatureException\",\"message\":\"no\"}";
        DynamoDbClient client = clientWithClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)));
        answer(403, refused);

        client.getItem(r -> r.tableName("t").key(Map.of("PK", AttributeValue.fromS("A"))));
        assertThat(server.requests()).hasSize(2);
        assertThat(signedAt(1)).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));

        answer(403, refused);
        assertThatThrownBy(() -> client.getItem(r -> r.tableName("t").key(Map.of("PK", AttributeValue.fromS("A")))))
                .as("signed at the service's time already: a wrong signature, not a clock")
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    assertThat(e.numAttempts()).isEqualTo(1);
                });
        assertThat(server.requests()).hasSize(3);
    }

    private DynamoDbClient clientWithClock(Clock clock) {
        return new DynamoDbJsonClient(new AwsJsonRpc(DynamoDbJsonClient.SERVICE, SdkHttp::current, Region.EU_WEST_1,
                server.endpoint(),
                StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "session-token")),
                attempts::add, clock));
    }

    @Test
    void theRetryQuotaEndsRetriesOfAServiceThatKeepsFailingAndSuccessesRefillIt() {
        AwsJsonRpc.Service twoAttempts = new AwsJsonRpc.Service("DynamoDb", "dynamodb", "DynamoDB_20120810", "1.0",
                code -> null, DynamoDbException::builder, 2, 1);
        AwsJsonRpc rpc = new AwsJsonRpc(twoAttempts, SdkHttp::current, Region.EU_WEST_1, server.endpoint(),
                StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "t")), op -> { });
        DynamoDbClient client = new DynamoDbJsonClient(rpc);
        String failure = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\"}";
        int retriesInTheQuota = AwsJsonRpc.RETRY_QUOTA / 5;
        for (int i = 0; i < 2 * retriesInTheQuota + 1; i++) {
            answer(500, failure);
        }

        for (int i = 0; i < retriesInTheQuota; i++) {
            assertThatThrownBy(() -> client.getItem(r -> r.tableName("t").key(Map.of("PK", AttributeValue.fromS("A")))))
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.numAttempts()).isEqualTo(2));
        }
        assertThat(rpc.retryQuota()).isZero();
        assertThatThrownBy(() -> client.getItem(r -> r.tableName("t").key(Map.of("PK", AttributeValue.fromS("A")))))
                .as("no quota left: not retried")
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.numAttempts()).isEqualTo(1));
        assertThat(server.requests()).hasSize(2 * retriesInTheQuota + 1);

        answer(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\"}");
        client.getItem(r -> r.tableName("t").key(Map.of("PK", AttributeValue.fromS("A"))));
        assertThat(server.requests()).as("throttling costs no quota: retried").hasSize(2 * retriesInTheQuota + 3);
        assertThat(rpc.retryQuota()).as("a success gives back one").isEqualTo(1);
    }

    private Instant signedAt(int request) {
        return LocalDateTime.parse(server.requests().get(request).header("X-Amz-Date"),
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(ZoneOffset.UTC);
    }

    @Test
    void backoffFollowsTheLegacyRetryModesStrategies() {
        AwsJsonRpc rpc = new AwsJsonRpc(DynamoDbJsonClient.SERVICE, SdkHttp::current, Region.EU_WEST_1,
                URI.create("http://127.0.0.1:1"), StaticCredentialsProvider.create(
                AwsSessionCredentials.create("a", "b", "c")), op -> { });
        for (int i = 0; i < 200; i++) {
            assertThat(rpc.backoff(1, false)).isBetween(0L, 25L);
            assertThat(rpc.backoff(3, false)).isBetween(0L, 100L);
            assertThat(rpc.backoff(1, true)).isBetween(250L, 500L);
            assertThat(rpc.backoff(3, true)).isBetween(1000L, 2000L);
            assertThat(rpc.backoff(30, true)).isBetween(10_000L, 20_000L);
        }
    }

    @Test
    void errorCodesAreTheTypesLastSegment() {
        assertThat(AwsJsonRpc.errorCode("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"))
                .isEqualTo("ResourceNotFoundException");
        assertThat(AwsJsonRpc.errorCode("ResourceNotFoundException:http://internal.amazon.com/coral/"))
                .isEqualTo("ResourceNotFoundException");
    }
}

package dev.sagastack.local.iam;

import dev.sagastack.local.iam.actions.DynamoDbActions;
import dev.sagastack.local.iam.actions.StreamsActions;
import dev.sagastack.local.iam.policy.PolicyDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Fine-grained access control as the DynamoDB Developer Guide's examples write it
 * ("Using IAM policy conditions for fine-grained access control"): dynamodb:LeadingKeys and
 * dynamodb:Attributes taken from what the real SDK client sends, for item, batch and query calls;
 * and the Streams client's calls on the stream ARN.
 */
class FineGrainedAccessTest {

    private static final String TABLE = "GameScores";
    private static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/GameScores";
    private static final PolicyDocument OWN_ITEMS = PolicyDocument.parse("own-items", "{\"Version\":\"2012-10-17\","
            + "\"Statement\":[{\"Sid\":\"OwnItems\",\"Effect\":\"Allow\",\"Action\":[\"dynamodb:GetItem\","
            + "\"dynamodb:BatchGetItem\",\"dynamodb:BatchWriteItem\",\"dynamodb:Query\",\"dynamodb:PutItem\"],"
            + "\"Resource\":\"" + TABLE_ARN + "\",\"Condition\":{"
            + "\"ForAllValues:StringEquals\":{\"dynamodb:LeadingKeys\":[\"player-1\"]},"
            + "\"ForAllValues:StringLike\":{\"dynamodb:Attributes\":[\"UserId\",\"GameTitle\",\"Top*\"]}}},"
            + "{\"Sid\":\"Streams\",\"Effect\":\"Allow\",\"Action\":[\"dynamodb:DescribeStream\","
            + "\"dynamodb:GetShardIterator\",\"dynamodb:GetRecords\"],\"Resource\":\"" + TABLE_ARN + "/stream/*\"}]}");

    private final CredentialStore store = CredentialStore.local();
    private final AccessModel model = new AccessModel() {
        @Override
        public List<PolicyDocument> identityPolicies(Principal principal) {
            return principal.roleName().filter("PlayerRole"::equals).map(r -> List.of(OWN_ITEMS)).orElse(List.of());
        }

        @Override
        public List<PolicyDocument> resourcePolicies(String resourceArn) {
            return List.of();
        }
    };
    private final Credentials player = store.issueRoleSession("PlayerRole", "player-1");
    private LocalFrontDoor door;

    @AfterEach
    void close() {
        door.close();
    }

    private DynamoDbClient client() {
        door = new LocalFrontDoor(AccessControl.create(store, model, "us-east-1", Clock.systemUTC()),
                v -> DynamoDbActions.withPartitionKeys(Map.of(TABLE, "UserId")));
        return DynamoDbClient.builder().endpointOverride(door.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(player.accessKeyId(),
                player.secretAccessKey(), player.sessionToken().orElseThrow()));
    }

    private static Map<String, AttributeValue> key(String user) {
        return Map.of("UserId", AttributeValue.fromS(user), "GameTitle", AttributeValue.fromS("Meteor Blasters"));
    }

    private static boolean refused(Runnable call) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call::run);
        if (e == null) {
            return false;
        }
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        return true;
    }

    @Test
    void itemCallsAreLimitedToThePlayersPartitionAndAttributes() {
        DynamoDbClient client = client();

        assertThat(refused(() -> client.getItem(r -> r.tableName(TABLE).key(key("player-1"))
                .projectionExpression("TopScore, #t").expressionAttributeNames(Map.of("#t", "TopScoreDateTime")))))
                .isFalse();
        assertThat(refused(() -> client.getItem(r -> r.tableName(TABLE).key(key("player-2"))))).isTrue();
        assertThat(refused(() -> client.getItem(r -> r.tableName(TABLE).key(key("player-1"))
                .projectionExpression("Wins")))).isTrue();
        assertThat(refused(() -> client.putItem(r -> r.tableName(TABLE).item(Map.of("UserId",
                AttributeValue.fromS("player-1"), "GameTitle", AttributeValue.fromS("x"), "Secret",
                AttributeValue.fromS("y")))))).isTrue();
    }

    @Test
    void batchAndQueryCallsCarryEveryLeadingKey() {
        DynamoDbClient client = client();

        assertThat(refused(() -> client.batchGetItem(r -> r.requestItems(Map.of(TABLE, KeysAndAttributes.builder()
                .keys(List.of(key("player-1"), key("player-2"))).build()))))).isTrue();
        assertThat(refused(() -> client.batchWriteItem(r -> r.requestItems(Map.of(TABLE, List.of(
                WriteRequest.builder().putRequest(PutRequest.builder().item(key("player-1")).build()).build())))))).isFalse();
        assertThat(refused(() -> client.query(r -> r.tableName(TABLE).keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", "UserId"))
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS("player-2")))))).isTrue();
        assertThat(refused(() -> client.query(r -> r.tableName(TABLE).keyConditionExpression("UserId = :u")
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS("player-1")))))).isFalse();
    }

    @Test
    void streamsCallsAreAuthorizedOnTheStreamArn() {
        String stream = TABLE_ARN + "/stream/2026-01-01T00:00:00.000";
        door = new LocalFrontDoor(AccessControl.create(store, model, "us-east-1", Clock.systemUTC()),
                v -> new StreamsActions(iterator -> iterator.startsWith("iter|") ? Optional.of(iterator.substring(5))
                        : Optional.empty()));
        DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(door.endpoint())
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();

        assertThat(refused(() -> streams.describeStream(r -> r.streamArn(stream)))).isFalse();
        assertThat(refused(() -> streams.getRecords(r -> r.shardIterator("iter|" + stream)))).isFalse();
        assertThat(refused(() -> streams.listStreams(r -> r.tableName(TABLE)))).isTrue();
    }
}

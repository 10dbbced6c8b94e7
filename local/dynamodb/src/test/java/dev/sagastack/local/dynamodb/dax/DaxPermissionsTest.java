package dev.sagastack.local.dynamodb.dax;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.dax.ClusterDaxClient;
import software.amazon.dax.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A connection's authenticator decides what its requests may do: each request is checked for its {@code dax:}
 * actions before it runs, and a refused one changes nothing and reaches the real DAX client as a DynamoDbException
 * whose error code is AccessDeniedException (HTTP 400), with the authenticator's message.
 */
class DaxPermissionsTest extends DaxFixture {

    /** Key "reader" may only read items; key "checker" may put and condition-check; any other key everything. */
    private static final Map<String, Set<String>> GRANTS = Map.of(
            "reader", Set.of("dax:GetItem"),
            "checker", Set.of("dax:PutItem", "dax:ConditionCheckItem"));

    private DaxServer guarded;

    private DynamoDbClient client(String key) throws IOException {
        if (guarded == null) {
            guarded = DaxServer.start(server.api(), DaxServer.Options.defaults(), new DaxAuthenticator() {
                @Override
                public boolean accepts(String k, String signature, String stringToSign, Optional<String> token) {
                    return true;
                }

                @Override
                public Optional<DaxPermissions> authenticate(String k, String signature, String stringToSign,
                                                             Optional<String> token) {
                    Set<String> granted = GRANTS.get(k);
                    return Optional.of(granted == null ? DaxPermissions.ALL : action -> granted.contains(action)
                            ? Optional.empty() : Optional.of(k + " may not " + action));
                }
            });
        }
        return ClusterDaxClient.builder().overrideConfiguration(Configuration.builder()
                .url(guarded.endpoint().toString()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, "secret")))
                .build()).build();
    }

    @Test
    void aReaderReadsAndIsRefusedWritesWithAccessDenied() throws IOException {
        String table = createTable(null);
        try (DynamoDbClient admin = client("admin"); DynamoDbClient reader = client("reader")) {
            admin.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", s("1"))));
            assertThat(reader.getItem(b -> b.tableName(table).key(key("a"))).item()).containsEntry("v", s("1"));

            AwsServiceException denied = catchThrowableOfType(AwsServiceException.class,
                    () -> reader.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", s("2")))));
            assertThat(denied).isNotNull();
            assertThat(denied.statusCode()).isEqualTo(400);
            assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(denied.awsErrorDetails().errorMessage()).contains("reader may not dax:PutItem");
            AwsServiceException query = catchThrowableOfType(AwsServiceException.class,
                    () -> reader.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                            .expressionAttributeValues(Map.of(":p", s("a")))));
            assertThat(query.awsErrorDetails().errorMessage()).contains("reader may not dax:Query");
        }
        assertThat(ddb.getItem(b -> b.tableName(table).key(key("a")).consistentRead(true)).item())
                .containsEntry("v", s("1"));
    }

    /** A transactional write needs the action of each of its items' kinds, and nothing more. */
    @Test
    void aTransactionNeedsTheActionOfEachItemKind() throws IOException {
        String table = createTable(null);
        try (DynamoDbClient checker = client("checker"); DynamoDbClient reader = client("reader")) {
            TransactWriteItem put = TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(Map.of("pk", s("t"), "v", s("1"))).build()).build();
            TransactWriteItem check = TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                    .tableName(table).key(key("other")).conditionExpression("attribute_not_exists(pk)").build())
                    .build();
            checker.transactWriteItems(b -> b.transactItems(put, check));
            assertThat(ddb.getItem(b -> b.tableName(table).key(key("t"))).hasItem()).isTrue();

            AwsServiceException denied = catchThrowableOfType(AwsServiceException.class,
                    () -> reader.transactWriteItems(b -> b.transactItems(check)));
            assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(denied.awsErrorDetails().errorMessage()).contains("reader may not dax:ConditionCheckItem");
        }
    }

    @AfterAll
    void closeGuarded() {
        if (guarded != null) {
            guarded.close();
        }
    }
}

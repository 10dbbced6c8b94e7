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

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

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

    private static DynamoDbClient daxClient(String endpoint, AwsCredentials credentials) throws Exception {
        return software.amazon.dax.ClusterDaxClient.builder().overrideConfiguration(software.amazon.dax.Configuration
                .builder().url(endpoint).region(Region.US_EAST_1).credentialsProvider(
                        StaticCredentialsProvider.create(credentials)).build()).build();
    }
}

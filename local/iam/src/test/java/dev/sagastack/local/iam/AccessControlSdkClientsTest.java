package dev.sagastack.local.iam;

import dev.sagastack.local.iam.actions.DynamoDbActions;
import dev.sagastack.local.iam.actions.SsmActions;
import dev.sagastack.local.iam.actions.StepFunctionsActions;
import dev.sagastack.local.iam.template.TemplateAccessModel;
import dev.sagastack.local.iam.template.TemplateFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import org.junit.jupiter.api.function.Executable;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The real AWS SDK v2 clients against an endpoint guarded by {@link AccessControl} with the dev
 * assembly's rules: they sign, we verify, and they read our refusals as the typed AWS errors.
 */
class AccessControlSdkClientsTest {

    private static final String SINGLE = "ApplicationTablesSingleTable5E1B3C7A";
    private static final String EVENTS = "ApplicationTablesEventStore0C2D4F61";
    private static final String STEP_ROLE = "ConfirmOrderServiceRoleA1B2C3D4";

    private final CredentialStore store = CredentialStore.local();
    private final TemplateAccessModel model = TemplateAccessModel.fromTemplates(
            TemplateFixtures.devAssembly(), "us-east-1", "000000000000");
    private LocalFrontDoor door;

    @AfterEach
    void close() {
        if (door != null) {
            door.close();
        }
    }

    private LocalFrontDoor open(Clock clock, ServiceActionResolver resolver) {
        door = new LocalFrontDoor(AccessControl.create(store, model, "us-east-1", clock), v -> resolver);
        return door;
    }

    private DynamoDbClient dynamo(AwsCredentials credentials, Region region) {
        return DynamoDbClient.builder().endpointOverride(door.endpoint()).region(region)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private static AwsCredentials sdk(Credentials c) {
        return c.sessionToken().<AwsCredentials>map(t -> AwsSessionCredentials.create(c.accessKeyId(),
                c.secretAccessKey(), t)).orElseGet(() -> AwsBasicCredentials.create(c.accessKeyId(),
                c.secretAccessKey()));
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS("PROFILE"));
    }

    private static AwsServiceException refusal(Executable call) {
        return catchThrowableOfType(AwsServiceException.class, call::execute);
    }

    private DynamoDbActions dynamoActions() {
        return DynamoDbActions.withPartitionKeys(Map.of(SINGLE, "PK", EVENTS, "PK"));
    }

    @Test
    void theAdministratorIsAllowedAndBadCredentialsGetDynamoDbsErrors() {
        open(Clock.systemUTC(), dynamoActions());

        dynamo(sdk(store.administrator()), Region.US_EAST_1).getItem(r -> r.tableName(SINGLE).key(key("USER#1")));
        AwsServiceException unknown = refusal(() -> dynamo(AwsBasicCredentials.create("AKIAEXAMPLE", "x"),
                Region.US_EAST_1).getItem(r -> r.tableName(SINGLE).key(key("USER#1"))));
        AwsServiceException badSecret = refusal(() -> dynamo(AwsBasicCredentials.create("test", "wrong"),
                Region.US_EAST_1).getItem(r -> r.tableName(SINGLE).key(key("USER#1"))));
        AwsServiceException otherRegion = refusal(() -> dynamo(sdk(store.administrator()), Region.EU_WEST_1)
                .getItem(r -> r.tableName(SINGLE).key(key("USER#1"))));

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
        assertThat(unknown.awsErrorDetails().errorMessage())
                .isEqualTo("The security token included in the request is invalid.");
        assertThat(badSecret.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
        assertThat(badSecret.statusCode()).isEqualTo(400);
        assertThat(otherRegion.awsErrorDetails().errorMessage())
                .isEqualTo("Credential should be scoped to a valid region, not 'eu-west-1'.");
    }

    @Test
    void aSignatureOlderThanFifteenMinutesHasExpired() {
        open(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(16)), dynamoActions());

        AwsServiceException expired = refusal(() -> dynamo(sdk(store.administrator()), Region.US_EAST_1)
                .getItem(r -> r.tableName(SINGLE).key(key("USER#1"))));

        assertThat(expired.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
        assertThat(expired.awsErrorDetails().errorMessage()).startsWith("Signature expired: ")
                .contains(" is now earlier than ").endsWith(" - 15 min.)");
    }

    @Test
    void aStepRoleSessionWritesItsTableAndIsDeniedTheEventStore() {
        open(Clock.systemUTC(), dynamoActions());
        Credentials session = store.issueRoleSession(STEP_ROLE, "ConfirmOrder");
        DynamoDbClient client = dynamo(sdk(session), Region.US_EAST_1);

        client.updateItem(r -> r.tableName(SINGLE).key(key("ORDER#1")).updateExpression("SET #s = :s")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("CONFIRMED"))));
        AwsServiceException denied = refusal(() -> client.updateItem(r -> r.tableName(EVENTS).key(key("AGG#1"))
                .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", AttributeValue.fromN("1")))));

        assertThat(denied.statusCode()).isEqualTo(400);
        assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        assertThat(denied.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:sts::000000000000:assumed-role/"
                + STEP_ROLE + "/ConfirmOrder is not authorized to perform: dynamodb:UpdateItem on resource: "
                + "arn:aws:dynamodb:us-east-1:000000000000:table/" + EVENTS
                + " because no identity-based policy allows the dynamodb:UpdateItem action");
    }

    @Test
    void aTransactionChecksEachItemsActionOnItsTable() {
        open(Clock.systemUTC(), dynamoActions());
        DynamoDbClient client = dynamo(sdk(store.issueRoleSession(STEP_ROLE, "tx")), Region.US_EAST_1);

        AwsServiceException denied = refusal(() -> client.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(SINGLE).item(key("ORDER#1")).build()).build(),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(EVENTS)
                        .key(key("AGG#1")).conditionExpression("attribute_exists(PK)").build()).build())));

        assertThat(denied.awsErrorDetails().errorMessage()).contains("dynamodb:ConditionCheckItem on resource: "
                + "arn:aws:dynamodb:us-east-1:000000000000:table/" + EVENTS);
    }

    @Test
    void aQueryOnAnIndexIsAuthorizedOnTheIndexArn() {
        open(Clock.systemUTC(), dynamoActions());
        DynamoDbClient payments = dynamo(sdk(store.issueRoleSession("ProcessPaymentServiceRole11223344", "q")),
                Region.US_EAST_1);

        AwsServiceException denied = refusal(() -> payments.query(r -> r.tableName(SINGLE).indexName("GSI1")
                .keyConditionExpression("GSI1PK = :p").expressionAttributeValues(Map.of(":p",
                        AttributeValue.fromS("ORDER#PENDING")))));
        payments.query(r -> r.tableName(EVENTS).keyConditionExpression("PK = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("AGG#account#1"))));

        assertThat(denied.awsErrorDetails().errorMessage()).contains("dynamodb:Query on resource: "
                + "arn:aws:dynamodb:us-east-1:000000000000:table/" + SINGLE + "/index/GSI1");
    }

    @Test
    void stepFunctionsAndSsmClientsGetTheirServicesErrors() {
        Credentials api = store.issueRoleSession("HttpApiServiceRoleF00D0001", "HttpApi");
        open(Clock.systemUTC(), new StepFunctionsActions());
        SfnClient sfn = SfnClient.builder().endpointOverride(door.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(sdk(api))).build();

        sfn.startExecution(r -> r.stateMachineArn(
                "arn:aws:states:us-east-1:000000000000:stateMachine:sagastack-dev-order-saga").name("o-1").input("{}"));
        AwsServiceException sfnDenied = refusal(() -> sfn.stopExecution(r -> r.executionArn(
                "arn:aws:states:us-east-1:000000000000:execution:sagastack-dev-order-saga:o-1")));
        door.close();

        open(Clock.systemUTC(), new SsmActions());
        SsmClient ssm = SsmClient.builder().endpointOverride(door.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(sdk(api))).build();
        AwsServiceException ssmDenied = refusal(() -> ssm.getParameter(r -> r.name("/sagastack/dev/cursor-key")));

        assertThat(sfnDenied.statusCode()).isEqualTo(400);
        assertThat(sfnDenied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        assertThat(sfnDenied.awsErrorDetails().errorMessage()).contains("states:StopExecution on resource: "
                + "arn:aws:states:us-east-1:000000000000:execution:sagastack-dev-order-saga:o-1");
        assertThat(ssmDenied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        assertThat(ssmDenied.awsErrorDetails().errorMessage()).contains(
                "ssm:GetParameter on resource: arn:aws:ssm:us-east-1:000000000000:parameter/sagastack/dev/cursor-key");
    }
}

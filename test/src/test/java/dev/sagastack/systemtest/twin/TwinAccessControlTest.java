package dev.sagastack.systemtest.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static dev.sagastack.systemtest.twin.TwinClient.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The twin enforces the templates' IAM policies and SigV4 as AWS does. Three copies of the dev assembly each lose one
 * grant, as a platform team might get it wrong:
 * <ul>
 *   <li>the CreateShipment function's role loses {@code dynamodb:PutItem}: its TransactWriteItems is refused with
 *       AccessDeniedException (a transaction's Put is authorized as PutItem on the item's table), the step fails and
 *       the saga compensates (order cancelled, stock released, money refunded);</li>
 *   <li>the state machine's role loses {@code lambda:InvokeFunction} on the CreateShipment alias: the task fails with
 *       {@code Lambda.AWSLambdaException} and Lambda's AccessDeniedException message, as Step Functions records a
 *       refused invoke, the ASL's Retry and Catch handle it and the saga compensates;</li>
 *   <li>the ReserveInventory function's role loses {@code rds-db:connect}: the database front refuses its IAM token
 *       and the saga compensates.</li>
 * </ul>
 * Requests with bad signatures, unknown keys, expired signatures and a wrong region or service in the credential
 * scope get DynamoDB's and Step Functions' own errors.
 */
class TwinAccessControlTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AwsCredentialsIdentity ADMIN = AwsCredentialsIdentity.create("test", "test");

    @AutoClose
    private static TwinProcess withoutPutItem;
    @AutoClose
    private static TwinProcess withoutInvoke;
    @AutoClose
    private static TwinProcess withoutDbConnect;

    @BeforeAll
    static void start() throws Exception {
        withoutPutItem = TwinProcess.start("access-no-putitem", "--cloud-assembly",
                TwinProcess.editedDevAssembly("access-no-putitem", TwinAccessControlTest::removePutItemFromCreateShipmentRole).toString());
        withoutInvoke = TwinProcess.start("access-no-invoke", "--cloud-assembly",
                TwinProcess.editedDevAssembly("access-no-invoke", TwinAccessControlTest::removeCreateShipmentFromStateMachineRole).toString());
        withoutDbConnect = TwinProcess.start("access-no-db-connect", "--cloud-assembly",
                TwinProcess.editedDevAssembly("access-no-db-connect", TwinAccessControlTest::removeDbConnectFromReserveInventoryRole).toString());
    }

    /**
     * The ReserveInventory role without its {@code rds-db:connect} statement: the function signs its IAM token as
     * before, but the proxy front refuses the login as RDS Proxy does ("IAM database authentication for MariaDB, MySQL
     * and PostgreSQL" and PostgreSQL's {@code 28P01}), the step fails after its retries and the saga compensates;
     * the API function, whose role keeps the grant, still reads and writes stock.
     */
    @Test
    void aStepWhoseRoleMayNotConnectToTheDatabaseIsRefusedAndTheSagaCompensates() throws Exception {
        TwinClient client = new TwinClient(withoutDbConnect.api());
        String history = compensatedOrderHistory(client, "denied-database", "barrel", 2, 300);
        assertThat(history).contains("PAM authentication failed for user");
    }

    @Test
    void aStepWhoseRoleMayNotWriteFailsWithAccessDeniedAndTheSagaCompensates() throws Exception {
        TwinClient client = new TwinClient(withoutPutItem.api());
        String history = compensatedOrderHistory(client, "denied-shipment", "crate", 2, 700);
        // IAM User Guide, "Troubleshoot access denied error messages": User: <principal> is not authorized to
        // perform: <action> on resource: <ARN> because no identity-based policy allows the <action> action
        assertThat(history).containsPattern("User: arn:aws:sts::000000000000:assumed-role/[^/]*CreateShipmentRole[^/]*/"
                + "[^ ]*CreateShipment[^ ]* is not authorized to perform: dynamodb:PutItem on resource: "
                + "arn:aws:dynamodb:us-east-1:000000000000:table/[^ ]*SingleTable[^ ]* because no identity-based policy "
                + "allows the dynamodb:PutItem action");
        assertThat(history).contains("CancelShipment").contains("RefundPayment").contains("ReleaseInventory");

        JsonNode denials = client.get("/_local/api/access/denials");
        assertThat(denials.get("enforced").asBoolean()).isTrue();
        assertThat(denials.get("denials")).anySatisfy(d -> {
            assertThat(d.get("action").asText()).isEqualTo("dynamodb:PutItem");
            assertThat(d.get("principal").asText()).contains("CreateShipmentRole");
            assertThat(d.get("resource").asText()).contains("SingleTable");
            assertThat(d.get("outcome").asText()).isEqualTo("IMPLICIT_DENY");
        });
    }

    @Test
    void aTaskTheStateMachineMayNotInvokeFailsAsStepFunctionsRecordsItAndTheSagaCompensates() throws Exception {
        TwinClient client = new TwinClient(withoutInvoke.api());
        String history = compensatedOrderHistory(client, "denied-invoke", "pallet", 1, 900);
        // Step Functions records Lambda's refusal as the Lambda client reports it: error Lambda.AWSLambdaException,
        // cause the AccessDeniedException message with "(Service: AWSLambda; Status Code: 403; Error Code:
        // AccessDeniedException; ...)"; Lambda API reference, Invoke, "Errors"
        assertThat(history).contains("Lambda.AWSLambdaException")
                .containsPattern("assumed-role/[^/]*StateMachineRole[^/]*/[^ ]* is not authorized to perform: "
                        + "lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:000000000000:function:"
                        + "[^ ]*CreateShipment[^ ]*:live")
                .contains("Status Code: 403; Error Code: AccessDeniedException");
        JsonNode denials = new TwinClient(withoutInvoke.api()).get("/_local/api/access/denials");
        assertThat(denials.get("denials")).anySatisfy(d -> {
            assertThat(d.get("action").asText()).isEqualTo("lambda:InvokeFunction");
            assertThat(d.get("principal").asText()).contains("StateMachineRole");
        });
    }

    /**
     * DynamoDB Developer Guide, "Error handling with DynamoDB" (Programming.Errors): authentication failures are HTTP
     * 400 with the error name in {@code __type}: InvalidSignatureException for a signature that does not match, has
     * expired (more than 15 minutes old) or is scoped to another region or service; UnrecognizedClientException for an
     * access key the account does not know; MissingAuthenticationTokenException for an unsigned request.
     */
    @Test
    void theDynamoDbEndpointAnswersSignatureFailuresWithDynamoDbsErrors() throws Exception {
        signatureFailuresAnsweredWith(withoutPutItem.dynamoDb(), "DynamoDB_20120810.ListTables", "dynamodb");
    }

    /**
     * Step Functions API Reference, "Common Errors": IncompleteSignature, InvalidSignatureException (bad, expired or
     * mis-scoped signature), UnrecognizedClientException, MissingAuthenticationToken, all HTTP 400.
     */
    @Test
    void theStepFunctionsEndpointAnswersSignatureFailuresWithStepFunctionsErrors() throws Exception {
        signatureFailuresAnsweredWith(withoutPutItem.stepFunctions(), "AWSStepFunctions.ListStateMachines", "states");
    }

    /**
     * Places an order of {@code units} of a new SKU (5 in stock) from a new account (10,000), waits for its saga to
     * end and checks it was compensated: order CANCELLED, stock and money back as they were. Returns its history.
     */
    private static String compensatedOrderHistory(TwinClient client, String name, String skuName, int units, long price)
            throws Exception {
        String user = client.user(name);
        String account = client.account(user, 10_000);
        String sku = client.stock(skuName, 5);
        TwinClient.Response created = client.order(user, account, List.of(line(sku, units, price)));
        assertThat(created.status()).isEqualTo(202);

        JsonNode order = client.awaitTerminal(created.body().get("orderId").asText(), Duration.ofSeconds(120));

        assertThat(order.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(client.inventory(sku).get("available").asLong()).isEqualTo(5);
        assertThat(client.inventory(sku).get("reserved").asLong()).isZero();
        assertThat(client.account(account).get("balance").asLong()).isEqualTo(10_000);
        return client.execution(order.get("executionArn").asText()).get("history").toString();
    }

    private static void signatureFailuresAnsweredWith(URI endpoint, String target, String service) throws Exception {
        assertThat(send(endpoint, target, ADMIN, "us-east-1", service, r -> { }).statusCode()).isEqualTo(200);

        assertError(send(endpoint, target, AwsCredentialsIdentity.create("test", "not-the-secret"), "us-east-1", service,
                r -> { }), "InvalidSignatureException", "The request signature we calculated does not match");
        assertError(send(endpoint, target, AwsCredentialsIdentity.create("AKIAUNKNOWNKEY000000", "secret"), "us-east-1",
                service, r -> { }), "UnrecognizedClientException", "The security token included in the request is invalid.");
        Clock twentyMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
        assertError(send(endpoint, target, ADMIN, "us-east-1", service,
                r -> r.putProperty(HttpSigner.SIGNING_CLOCK, twentyMinutesAgo)), "InvalidSignatureException",
                "Signature expired: ");
        assertError(send(endpoint, target, ADMIN, "eu-west-1", service, r -> { }), "InvalidSignatureException",
                "Credential should be scoped to a valid region");
        assertError(send(endpoint, target, ADMIN, "us-east-1", service.equals("states") ? "dynamodb" : "states",
                r -> { }), "InvalidSignatureException", "Credential should be scoped to correct service");
        HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(endpoint).header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.0").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertError(unsigned, "MissingAuthenticationTokenException", "Request is missing Authentication Token");
    }

    private static void assertError(HttpResponse<String> response, String code, String messageStart) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("__type").asText()).endsWith("#" + code);
        assertThat(body.get("message").asText()).startsWith(messageStart);
    }

    /** A request signed by the AWS SDK's own SigV4 signer, sent as any client would send it. */
    private static HttpResponse<String> send(URI endpoint, String target, AwsCredentialsIdentity identity, String region,
                                             String service,
                                             Consumer<software.amazon.awssdk.http.auth.spi.signer.SignRequest.Builder<AwsCredentialsIdentity>> extra)
            throws IOException, InterruptedException {
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("X-Amz-Target", target).putHeader("Content-Type", "application/x-amz-json-1.0").build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> {
            r.identity(identity).request(unsigned).payload(ContentStreamProvider.fromUtf8String("{}"))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region);
            extra.accept(r);
        }).request();
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofString("{}"));
        Set<String> restricted = Set.of("host", "content-length");
        signed.headers().forEach((name, values) -> {
            if (!restricted.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void removePutItemFromCreateShipmentRole(ObjectNode resources) {
        for (JsonNode statement : policyStatements(resources, "OrderSagaCreateShipmentRoleDefaultPolicy")) {
            if (statement.get("Action").isArray()) {
                ArrayNode actions = (ArrayNode) statement.get("Action");
                for (int i = actions.size() - 1; i >= 0; i--) {
                    if (actions.get(i).asText().equals("dynamodb:PutItem")) {
                        actions.remove(i);
                    }
                }
            }
        }
    }

    private static void removeCreateShipmentFromStateMachineRole(ObjectNode resources) {
        for (JsonNode statement : policyStatements(resources, "OrderSagaStateMachineRoleDefaultPolicy")) {
            if (statement.path("Action").asText().equals("lambda:InvokeFunction") && statement.get("Resource").isArray()) {
                ArrayNode targets = (ArrayNode) statement.get("Resource");
                for (int i = targets.size() - 1; i >= 0; i--) {
                    if (targets.get(i).toString().contains("CreateShipment")) {
                        targets.remove(i);
                    }
                }
            }
        }
    }

    private static void removeDbConnectFromReserveInventoryRole(ObjectNode resources) {
        ArrayNode statements = (ArrayNode) policyStatements(resources, "OrderSagaReserveInventoryRoleDefaultPolicy");
        int before = statements.size();
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (statements.get(i).path("Action").toString().contains("rds-db:connect")) {
                statements.remove(i);
            }
        }
        if (statements.size() == before) {
            throw new IllegalStateException("the ReserveInventory role has no rds-db:connect statement to remove");
        }
    }

    private static JsonNode policyStatements(ObjectNode resources, String logicalIdPrefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if (resource.getKey().startsWith(logicalIdPrefix)) {
                return resource.getValue().get("Properties").get("PolicyDocument").get("Statement");
            }
        }
        throw new IllegalStateException("the dev assembly has no " + logicalIdPrefix + "*");
    }
}

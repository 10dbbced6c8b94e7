package dev.sagastack.local.iam.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sagastack.local.iam.AccessControl;
import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.CredentialStore;
import dev.sagastack.local.iam.Decision;
import dev.sagastack.local.iam.Principal;
import dev.sagastack.local.iam.ServiceErrors;
import dev.sagastack.local.iam.TaskFailure;
import dev.sagastack.local.iam.policy.Evaluation;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The roles of the dev assembly's templates (a fixture in the shape CDK synthesizes for
 * grantReadData/grantWriteData, grantStartExecution/grantRead, grantInvoke on aliases, RDS Proxy
 * grantConnect and the HTTP API's Lambda permissions, with cross-stack Fn::ImportValue), evaluated
 * as IAM would.
 */
class TemplateAccessModelTest {

    static final String SINGLE_TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/ApplicationTablesSingleTable5E1B3C7A";
    static final String EVENT_STORE = "arn:aws:dynamodb:us-east-1:000000000000:table/ApplicationTablesEventStore0C2D4F61";
    static final String STEP_ROLE = "ConfirmOrderServiceRoleA1B2C3D4";
    static final String SAGA = "arn:aws:states:us-east-1:000000000000:stateMachine:sagastack-dev-order-saga";

    static List<JsonNode> devAssembly() {
        return TemplateFixtures.devAssembly();
    }

    private static AccessControl control(List<JsonNode> templates) {
        return AccessControl.create(CredentialStore.local(),
                TemplateAccessModel.fromTemplates(templates, "us-east-1", "000000000000"), "us-east-1",
                Clock.systemUTC());
    }

    private static Principal session(String role) {
        return Principal.assumedRole("000000000000", role, "local");
    }

    private static Decision decide(AccessControl control, Principal principal, String action, String resource) {
        return control.authorize(principal, List.of(new AuthorizationRequest(action, resource)));
    }

    @Test
    void theStepRoleMayUpdateTheSingleTableButNotTheEventStore() {
        AccessControl control = control(devAssembly());

        Decision single = decide(control, session(STEP_ROLE), "dynamodb:UpdateItem", SINGLE_TABLE);
        Decision events = decide(control, session(STEP_ROLE), "dynamodb:UpdateItem", EVENT_STORE);

        assertThat(single.allowed()).isTrue();
        Evaluation why = ((Decision.Allowed) single).evaluations().get(0);
        assertThat(why.explanation()).isEqualTo("allowed dynamodb:UpdateItem on " + SINGLE_TABLE + " by "
                + "arn:aws:sts::000000000000:assumed-role/" + STEP_ROLE + "/local by statement #3 of identity-based "
                + "policy ConfirmOrderServiceRoleDefaultPolicyE5F6A7B8");
        assertThat(events.allowed()).isFalse();
        assertThat(((Decision.Denied) events).denial().accessDeniedMessage()).isEqualTo("User: "
                + "arn:aws:sts::000000000000:assumed-role/" + STEP_ROLE + "/local is not authorized to perform: "
                + "dynamodb:UpdateItem on resource: " + EVENT_STORE
                + " because no identity-based policy allows the dynamodb:UpdateItem action");
        assertThat(control.recentDenials()).hasSize(1);
        assertThat(control.recentDenials().get(0).explanation()).isEqualTo("denied dynamodb:UpdateItem on "
                + EVENT_STORE + " by arn:aws:sts::000000000000:assumed-role/" + STEP_ROLE + "/local: no statement "
                + "allows it; for this action: statement #3 of ConfirmOrderServiceRoleDefaultPolicyE5F6A7B8: resource "
                + "not in [" + SINGLE_TABLE + ", " + SINGLE_TABLE + "/index/*]");
    }

    @Test
    void indexesAreGrantedThroughTheIndexSubResource() {
        AccessControl control = control(devAssembly());

        assertThat(decide(control, session(STEP_ROLE), "dynamodb:Query", SINGLE_TABLE + "/index/GSI1").allowed())
                .isTrue();
        assertThat(decide(control, session(STEP_ROLE), "dynamodb:Query", SINGLE_TABLE + "/stream/x").allowed())
                .isFalse();
    }

    @Test
    void theHttpApiRoleMayStartAndReadTheSagaOnly() {
        AccessControl control = control(devAssembly());
        Principal api = session("HttpApiServiceRoleF00D0001");

        assertThat(decide(control, api, "states:StartExecution", SAGA).allowed()).isTrue();
        assertThat(decide(control, api, "states:DescribeExecution",
                "arn:aws:states:us-east-1:000000000000:execution:sagastack-dev-order-saga:o-1").allowed()).isTrue();
        assertThat(decide(control, api, "states:StopExecution",
                "arn:aws:states:us-east-1:000000000000:execution:sagastack-dev-order-saga:o-1").allowed()).isFalse();
        assertThat(decide(control, api, "states:StartExecution", SAGA + "-other").allowed()).isFalse();
    }

    @Test
    void aRemovedStatementGivesTheDenialMessage() {
        List<JsonNode> templates = devAssembly();
        ArrayNode statements = (ArrayNode) templates.get(1).path("Resources")
                .path("ConfirmOrderServiceRoleA1B2C3D4DefaultPolicy").path("Properties").path("PolicyDocument")
                .path("Statement");
        statements.remove(2); // the grantWriteData statement

        Decision decision = decide(control(templates), session(STEP_ROLE), "dynamodb:UpdateItem", SINGLE_TABLE);

        assertThat(decision.allowed()).isFalse();
        assertThat(((Decision.Denied) decision).denial().accessDeniedMessage()).isEqualTo("User: "
                + "arn:aws:sts::000000000000:assumed-role/ConfirmOrderServiceRoleA1B2C3D4/local is not authorized to "
                + "perform: dynamodb:UpdateItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/"
                + "ApplicationTablesSingleTable5E1B3C7A because no identity-based policy allows the "
                + "dynamodb:UpdateItem action");
        assertThat(decide(control(templates), session(STEP_ROLE), "dynamodb:GetItem", SINGLE_TABLE).allowed()).isTrue();
    }

    @Test
    void theSagaRoleInvokesTheStepAliasesNotTheUnqualifiedFunctions() {
        AccessControl control = control(devAssembly());
        Principal saga = session("OrderSagaStateMachineRoleD00D0001");
        String function = "arn:aws:lambda:us-east-1:000000000000:function:ConfirmOrder9F8E7D6C";

        assertThat(decide(control, saga, "lambda:InvokeFunction", function + ":live").allowed()).isTrue();
        assertThat(decide(control, saga, "lambda:InvokeFunction", function).allowed()).isFalse();
        assertThat(decide(control, saga, "lambda:InvokeFunction",
                "arn:aws:lambda:us-east-1:000000000000:function:HttpApiF00D0003:live").allowed()).isFalse();
    }

    @Test
    void aSagaTaskWithoutTheInvokeGrantFailsAsStepFunctionsRecordsIt() {
        AccessControl control = control(devAssembly());
        Decision decision = decide(control, session("OrderSagaStateMachineRoleD00D0001"), "lambda:InvokeFunction",
                "arn:aws:lambda:us-east-1:000000000000:function:HttpApiF00D0003:live");

        TaskFailure failure = ServiceErrors.stepFunctionsLambdaTaskFailure(((Decision.Denied) decision).denial(),
                "5d8d8631-7dba-4f7e-843e-9f8826ff9040");

        assertThat(failure.error()).isEqualTo("Lambda.AWSLambdaException");
        assertThat(failure.cause()).isEqualTo("User: arn:aws:sts::000000000000:assumed-role/"
                + "OrderSagaStateMachineRoleD00D0001/local is not authorized to perform: lambda:InvokeFunction on "
                + "resource: arn:aws:lambda:us-east-1:000000000000:function:HttpApiF00D0003:live because no "
                + "identity-based policy allows the lambda:InvokeFunction action (Service: AWSLambda; Status Code: 403; "
                + "Error Code: AccessDeniedException; Request ID: 5d8d8631-7dba-4f7e-843e-9f8826ff9040; Proxy: null)");
    }

    @Test
    void apiGatewayMayInvokeTheApiFunctionOnlyFromItsRoutes() {
        TemplateAccessModel model = TemplateAccessModel.fromTemplates(devAssembly(), "us-east-1", "000000000000");
        AccessControl control = AccessControl.create(CredentialStore.local(), model, "us-east-1", Clock.systemUTC());
        String apiId = model.ref("DataApiApi1234ABCD").orElseThrow();
        String alias = "arn:aws:lambda:us-east-1:000000000000:function:HttpApiF00D0003:live";
        Principal apiGateway = Principal.service("apigateway.amazonaws.com", "000000000000");

        Decision fromOrders = control.authorize(apiGateway, List.of(new AuthorizationRequest("lambda:InvokeFunction",
                alias, Map.of("aws:SourceArn", List.of("arn:aws:execute-api:us-east-1:000000000000:" + apiId
                + "/$default/POST/orders")))));
        Decision fromElsewhere = control.authorize(apiGateway, List.of(new AuthorizationRequest(
                "lambda:InvokeFunction", alias, Map.of("aws:SourceArn",
                List.of("arn:aws:execute-api:us-east-1:000000000000:otherapi/$default/POST/orders")))));

        assertThat(fromOrders.allowed()).isTrue();
        assertThat(((Decision.Allowed) fromOrders).evaluations().get(0).statement().orElseThrow().statementLabel())
                .isEqualTo("Sid DataApiApiPOSTordersHttpApiIntegrationPermission5678EF01");
        assertThat(fromElsewhere.allowed()).isFalse();
    }

    @Test
    void awsManagedPoliciesComeFromTheBuiltInTable() {
        AccessControl control = control(devAssembly());

        assertThat(decide(control, session(STEP_ROLE), "logs:PutLogEvents",
                "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/x:*").allowed()).isTrue();
        assertThat(decide(control, session(STEP_ROLE), "ec2:CreateNetworkInterface", "*").allowed()).isFalse();
        assertThat(decide(control, session("ReserveInventoryServiceRoleCAFE0001"), "ec2:CreateNetworkInterface", "*")
                .allowed()).isTrue();
    }

    @Test
    void theProxyGrantNamesTheProxyResourceIdAndTheUser() {
        TemplateAccessModel model = TemplateAccessModel.fromTemplates(devAssembly(), "us-east-1", "000000000000");
        AccessControl control = AccessControl.create(CredentialStore.local(), model, "us-east-1", Clock.systemUTC());
        String proxyArn = model.getAtt("InventoryDatabaseProxy4E7F0A93", "DBProxyArn").orElseThrow();
        String resourceId = proxyArn.substring(proxyArn.lastIndexOf(':') + 1);

        assertThat(resourceId).startsWith("prx-").hasSize(21);
        assertThat(decide(control, session("ReserveInventoryServiceRoleCAFE0001"), "rds-db:connect",
                "arn:aws:rds-db:us-east-1:000000000000:dbuser:" + resourceId + "/sagastack").allowed()).isTrue();
        assertThat(decide(control, session("ReserveInventoryServiceRoleCAFE0001"), "rds-db:connect",
                "arn:aws:rds-db:us-east-1:000000000000:dbuser:" + resourceId + "/postgres").allowed()).isFalse();
        assertThat(decide(control, session(STEP_ROLE), "rds-db:connect",
                "arn:aws:rds-db:us-east-1:000000000000:dbuser:" + resourceId + "/sagastack").allowed()).isFalse();
    }

    @Test
    void refusesAnAwsManagedPolicyItDoesNotKnow() {
        List<JsonNode> templates = devAssembly();
        ((ArrayNode) templates.get(1).path("Resources").path("ConfirmOrderServiceRoleA1B2C3D4").path("Properties")
                .path("ManagedPolicyArns")).add("arn:aws:iam::aws:policy/AdministratorAccess");

        assertThatThrownBy(() -> TemplateAccessModel.fromTemplates(templates, "us-east-1", "000000000000"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("arn:aws:iam::aws:policy/AdministratorAccess");
    }

    @Test
    void namesEveryRoleOfTheAssembly() {
        TemplateAccessModel model = TemplateAccessModel.fromTemplates(devAssembly(), "us-east-1", "000000000000");

        assertThat(model.roleNamesByLogicalId()).containsKeys(STEP_ROLE, "HttpApiServiceRoleF00D0001",
                "OrderSagaStateMachineRoleD00D0001", "InventoryDatabaseProxyIAMRole6C1D2E3F");
    }
}

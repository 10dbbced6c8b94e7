package dev.sagastack.local.iam.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sagastack.local.iam.AccessControl;
import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.CredentialStore;
import dev.sagastack.local.iam.Decision;
import dev.sagastack.local.iam.Principal;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev stage's templates exactly as {@code SagastackApp} synthesizes them (copied into the test
 * resources from a synth of this branch's base: {@code ./mvnw -B -q -pl infra -am package
 * dependency:build-classpath -DskipTests -Dmdep.outputFile=target/synth-classpath.txt}, then
 * {@code CDK_OUTDIR=... CDK_CONTEXT_JSON='{"stage":"dev"}' java -cp infra/target/classes:<classpath>
 * dev.sagastack.infra.SagastackApp}). Resources are found by what they are, not by logical id.
 */
class SynthesizedAssemblyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "000000000000";

    private static JsonNode template(String name) {
        try (InputStream in = SynthesizedAssemblyTest.class.getResourceAsStream("/assembly/synthesized-dev/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private final JsonNode stateful = template("Sagastack-dev-Stateful.template.json");
    private final JsonNode stateless = template("Sagastack-dev-Stateless.template.json");

    private TemplateAccessModel model() {
        return TemplateAccessModel.fromTemplates(List.of(stateful, stateless), "us-east-1", ACCOUNT);
    }

    private static String logicalId(JsonNode template, String type, String prefix) {
        for (Map.Entry<String, JsonNode> e : template.path("Resources").properties()) {
            if (e.getValue().path("Type").asText().equals(type) && e.getKey().startsWith(prefix)) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("no " + type + " named " + prefix + "*");
    }

    /** The role a function runs as: the logical id its Role property's Fn::GetAtt names. */
    private Principal sessionOfFunction(TemplateAccessModel model, String functionPrefix) {
        JsonNode function = stateless.path("Resources").path(logicalId(stateless, "AWS::Lambda::Function",
                functionPrefix));
        String roleId = function.path("Properties").path("Role").path("Fn::GetAtt").get(0).asText();
        return Principal.assumedRole(ACCOUNT, model.roleNamesByLogicalId().get(roleId), functionPrefix);
    }

    private String tableArn(TemplateAccessModel model, String prefix) {
        return model.getAtt(logicalId(stateful, "AWS::DynamoDB::Table", prefix), "Arn").orElseThrow();
    }

    private static Decision decide(TemplateAccessModel model, Principal who, AuthorizationRequest request) {
        return AccessControl.create(CredentialStore.local(), model, "us-east-1", Clock.systemUTC())
                .authorize(who, List.of(request));
    }

    @Test
    void theStepRoleMayUpdateTheSingleTableButNotTheEventStore() {
        TemplateAccessModel model = model();
        Principal confirmOrder = sessionOfFunction(model, "FunctionsConfirmOrder");
        String single = tableArn(model, "TablesSingleTable");
        String events = tableArn(model, "TablesEventStore");

        Decision onSingle = decide(model, confirmOrder, new AuthorizationRequest("dynamodb:UpdateItem", single));
        Decision onEvents = decide(model, confirmOrder, new AuthorizationRequest("dynamodb:UpdateItem", events));

        assertThat(onSingle.allowed()).isTrue();
        assertThat(onEvents.allowed()).isFalse();
        assertThat(((Decision.Denied) onEvents).denial().accessDeniedMessage()).isEqualTo("User: " + confirmOrder.arn()
                + " is not authorized to perform: dynamodb:UpdateItem on resource: " + events
                + " because no identity-based policy allows the dynamodb:UpdateItem action");
    }

    @Test
    void theHttpApiRoleMayStartTheSaga() {
        TemplateAccessModel model = model();
        String saga = model.ref(logicalId(stateless, "AWS::StepFunctions::StateMachine", "OrderSaga")).orElseThrow();

        Decision start = decide(model, sessionOfFunction(model, "FunctionsHttpApi"),
                new AuthorizationRequest("states:StartExecution", saga));
        Decision byStep = decide(model, sessionOfFunction(model, "FunctionsConfirmOrder"),
                new AuthorizationRequest("states:StartExecution", saga));

        assertThat(saga).startsWith("arn:aws:states:us-east-1:000000000000:stateMachine:");
        assertThat(start.allowed()).isTrue();
        assertThat(byStep.allowed()).isFalse();
    }

    @Test
    void aRemovedStatementGivesTheDenialMessage() {
        JsonNode statements = stateless.path("Resources").path(logicalId(stateless, "AWS::IAM::Policy",
                "FunctionsConfirmOrderRoleDefaultPolicy")).path("Properties").path("PolicyDocument").path("Statement");
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).path("Action").toString().contains("dynamodb:UpdateItem")) {
                ((ArrayNode) statements).remove(i);
                break;
            }
        }
        TemplateAccessModel model = model();
        Principal confirmOrder = sessionOfFunction(model, "FunctionsConfirmOrder");
        String single = tableArn(model, "TablesSingleTable");

        Decision update = decide(model, confirmOrder, new AuthorizationRequest("dynamodb:UpdateItem", single));

        assertThat(((Decision.Denied) update).denial().accessDeniedMessage()).isEqualTo("User: arn:aws:sts::"
                + "000000000000:assumed-role/" + confirmOrder.roleName().orElseThrow() + "/FunctionsConfirmOrder is not "
                + "authorized to perform: dynamodb:UpdateItem on resource: " + single
                + " because no identity-based policy allows the dynamodb:UpdateItem action");
        assertThat(decide(model, confirmOrder, new AuthorizationRequest("dynamodb:GetItem", single)).allowed()).isTrue();
    }

    @Test
    void theSagaInvokesStepAliasesAndApiGatewayInvokesTheApiAlias() {
        TemplateAccessModel model = model();
        String sagaRole = stateless.path("Resources").path(logicalId(stateless, "AWS::StepFunctions::StateMachine",
                "OrderSaga")).path("Properties").path("RoleArn").path("Fn::GetAtt").get(0).asText();
        Principal saga = Principal.assumedRole(ACCOUNT, model.roleNamesByLogicalId().get(sagaRole), "execution");
        String stepAlias = model.ref(logicalId(stateless, "AWS::Lambda::Alias", "FunctionsConfirmOrderAlias"))
                .orElseThrow();
        String apiAlias = model.ref(logicalId(stateless, "AWS::Lambda::Alias", "FunctionsHttpApiAlias")).orElseThrow();
        String apiId = model.ref(logicalId(stateless, "AWS::ApiGatewayV2::Api", "Api")).orElseThrow();
        Principal apiGateway = Principal.service("apigateway.amazonaws.com", ACCOUNT);

        assertThat(stepAlias).endsWith(":live");
        assertThat(decide(model, saga, new AuthorizationRequest("lambda:InvokeFunction", stepAlias)).allowed())
                .isTrue();
        assertThat(decide(model, saga, new AuthorizationRequest("lambda:InvokeFunction", apiAlias)).allowed())
                .isFalse();
        assertThat(decide(model, apiGateway, new AuthorizationRequest("lambda:InvokeFunction", apiAlias,
                Map.of("aws:SourceArn", List.of("arn:aws:execute-api:us-east-1:000000000000:" + apiId
                        + "/$default/POST/orders")))).allowed()).isTrue();
        assertThat(decide(model, apiGateway, new AuthorizationRequest("lambda:InvokeFunction", stepAlias,
                Map.of("aws:SourceArn", List.of("arn:aws:execute-api:us-east-1:000000000000:" + apiId
                        + "/$default/POST/orders")))).allowed()).isFalse();
    }

    @Test
    void theInventoryStepsMayConnectToTheProxyAsTheApplicationUser() {
        TemplateAccessModel model = model();
        String proxyArn = model.getAtt(logicalId(stateful, "AWS::RDS::DBProxy", "InventoryClusterProxy"),
                "DBProxyArn").orElseThrow();
        String dbUser = "arn:aws:rds-db:us-east-1:000000000000:dbuser:"
                + proxyArn.substring(proxyArn.lastIndexOf(':') + 1) + "/sagastack";

        assertThat(decide(model, sessionOfFunction(model, "FunctionsReserveInventory"),
                new AuthorizationRequest("rds-db:connect", dbUser)).allowed()).isTrue();
        assertThat(decide(model, sessionOfFunction(model, "FunctionsProcessPayment"),
                new AuthorizationRequest("rds-db:connect", dbUser)).allowed()).isFalse();
    }

    @Test
    void everyRoleOfBothStacksIsRead() {
        long roles = 0;
        for (JsonNode template : List.of(stateful, stateless)) {
            for (JsonNode resource : template.path("Resources")) {
                roles += resource.path("Type").asText().equals("AWS::IAM::Role") ? 1 : 0;
            }
        }

        assertThat(model().roleNamesByLogicalId()).hasSize((int) roles);
    }
}

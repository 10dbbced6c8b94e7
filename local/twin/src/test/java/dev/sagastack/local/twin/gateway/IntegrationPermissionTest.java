package dev.sagastack.local.twin.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.iam.policy.Evaluation;
import dev.sagastack.local.twin.Twin;
import dev.sagastack.local.twin.TwinOptions;
import dev.sagastack.local.twin.access.TwinAccess;
import dev.sagastack.local.twin.stage.StageWiring;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API Gateway invokes the API function only as its resource-based policy allows (the template's
 * AWS::Lambda::Permission for {@code apigateway.amazonaws.com} with the API's execute-api SourceArn); API Gateway
 * Developer Guide, "Troubleshooting issues with HTTP API Lambda integrations".
 */
class IntegrationPermissionTest {

    private static Twin twin;
    private static String integration;

    @BeforeAll
    static void start() {
        twin = Twin.start(TwinOptions.parse("--port", "0"), new PrintStream(OutputStream.nullOutputStream()));
        integration = StageWiring.routes(twin.deployment()).get(0).functionArn();
    }

    @AfterAll
    static void stop() {
        if (twin != null) {
            twin.close();
        }
    }

    private static void removeApiGatewayPermissions(JsonNode template) {
        Iterator<Map.Entry<String, JsonNode>> resources = ((ObjectNode) template.path("Resources")).fields();
        while (resources.hasNext()) {
            JsonNode resource = resources.next().getValue();
            if ("AWS::Lambda::Permission".equals(resource.path("Type").asText())
                    && IntegrationPermission.API_GATEWAY.equals(resource.path("Properties").path("Principal").asText())) {
                resources.remove();
            }
        }
    }

    @Test
    void theDevAssemblyLetsApiGatewayInvokeItsFunctionOnEveryRoute() throws Exception {
        IntegrationPermission permission = IntegrationPermission.forStage(twin.deployment(), twin.access(), integration);
        for (StageWiring.RouteSpec route : StageWiring.routes(twin.deployment())) {
            assertThat(permission.allows(route.routeKey(), "GET")).as(route.routeKey()).isTrue();
        }

        // through the gateway itself: a signed call reaches the function, which answers for an unknown user
        HttpResponse<String> response = HttpClient.newHttpClient().send(twin.administratorSigner().request("GET",
                twin.apiUrl().resolve("/users/nobody"), Map.of(), new byte[0], Duration.ofSeconds(10)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(twin.access().recentDenials()).noneMatch(d -> d.principalArn().equals(IntegrationPermission.API_GATEWAY));
    }

    @Test
    void withoutThePermissionApiGatewayMayNotInvokeAndTheDenialIsListed() {
        TwinAccess withoutPermission = twin.access().withEditedTemplates(IntegrationPermissionTest::removeApiGatewayPermissions);
        IntegrationPermission permission = IntegrationPermission.forStage(twin.deployment(), withoutPermission,
                integration);

        assertThat(permission.allows("GET /orders/{id}", "GET")).isFalse();
        // every refusal is evaluated (and listed) again, not remembered
        assertThat(permission.allows("GET /orders/{id}", "GET")).isFalse();

        assertThat(withoutPermission.recentDenials()).hasSize(2);
        Evaluation denial = withoutPermission.recentDenials().get(0);
        assertThat(denial.principalArn()).isEqualTo("apigateway.amazonaws.com");
        assertThat(denial.request().action()).isEqualTo("lambda:InvokeFunction");
        assertThat(denial.request().resource()).isEqualTo(integration).endsWith(":live");
        assertThat(denial.request().values("aws:SourceArn")).containsExactly(
                "arn:aws:execute-api:us-east-1:000000000000:" + TemplateRouteRules.apiId(twin.deployment(), twin.access())
                        + "/$default/GET/orders/{id}");
        assertThat(denial.outcome()).isEqualTo(Evaluation.Outcome.IMPLICIT_DENY);
    }

    @Test
    void aPermissionForAnotherApiDoesNotAllowThisOne() {
        TwinAccess otherApi = twin.access().withEditedTemplates(template -> template.path("Resources").forEach(r -> {
            if ("AWS::Lambda::Permission".equals(r.path("Type").asText())) {
                ((ObjectNode) r.path("Properties")).put("SourceArn",
                        "arn:aws:execute-api:us-east-1:000000000000:otherapi01/*/*/*");
            }
        }));
        IntegrationPermission permission = IntegrationPermission.forStage(twin.deployment(), otherApi, integration);

        assertThat(permission.allows("POST /orders", "POST")).isFalse();
    }

    @Test
    void withEnforcementOffNothingIsChecked() {
        TwinAccess off = TwinAccess.fromDeployment(twin.deployment(), new TwinAccess.Settings(false, Optional.empty()))
                .withEditedTemplates(IntegrationPermissionTest::removeApiGatewayPermissions);
        IntegrationPermission permission = IntegrationPermission.forStage(twin.deployment(), off, integration);

        assertThat(permission.allows("GET /orders/{id}", "GET")).isTrue();
        assertThat(off.recentDenials()).isEmpty();
    }
}

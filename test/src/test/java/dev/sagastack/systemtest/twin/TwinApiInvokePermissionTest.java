package dev.sagastack.systemtest.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A copy of the dev assembly without the AWS::Lambda::Permission that lets API Gateway invoke the API function: the
 * route's caller is authorized (a signed call by the administrator) but API Gateway may not invoke the integration,
 * so the HTTP API answers {@code 500 {"message":"Internal Server Error"}} (API Gateway Developer Guide,
 * "Troubleshooting issues with HTTP API Lambda integrations") and the refusal is listed among the denials.
 */
class TwinApiInvokePermissionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AutoClose
    private static TwinProcess withoutPermission;

    @BeforeAll
    static void start() throws Exception {
        withoutPermission = TwinProcess.start("access-no-api-permission", "--cloud-assembly",
                assemblyWithoutApiGatewayPermission().toString());
    }

    @Test
    void aRouteWhoseFunctionApiGatewayMayNotInvokeAnswersInternalServerErrorAndTheDenialIsListed() {
        TwinClient client = new TwinClient(withoutPermission.api());

        TwinClient.Response response = client.send("GET", "/orders/o-1", null);

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).isEqualTo(JSON.createObjectNode().put("message", "Internal Server Error"));
        JsonNode denials = client.get("/_local/api/access/denials");
        assertThat(denials.get("enforced").asBoolean()).isTrue();
        assertThat(denials.get("denials")).anySatisfy(d -> {
            assertThat(d.get("principal").asText()).isEqualTo("apigateway.amazonaws.com");
            assertThat(d.get("action").asText()).isEqualTo("lambda:InvokeFunction");
            assertThat(d.get("resource").asText()).matches("arn:aws:lambda:us-east-1:000000000000:function:.*:live");
            assertThat(d.get("outcome").asText()).isEqualTo("IMPLICIT_DENY");
        });
    }

    private static Path assemblyWithoutApiGatewayPermission() throws IOException {
        return TwinProcess.editedDevAssembly("access-no-api-permission", resources -> {
            int removed = 0;
            Iterator<Map.Entry<String, JsonNode>> each = resources.fields();
            while (each.hasNext()) {
                JsonNode resource = each.next().getValue();
                if ("AWS::Lambda::Permission".equals(resource.path("Type").asText())
                        && "apigateway.amazonaws.com".equals(resource.path("Properties").path("Principal").asText())) {
                    each.remove();
                    removed++;
                }
            }
            assertThat(removed).as("the dev template's API Gateway invoke permissions").isPositive();
        });
    }
}

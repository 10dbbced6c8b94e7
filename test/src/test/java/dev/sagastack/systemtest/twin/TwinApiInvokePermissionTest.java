package dev.sagastack.systemtest.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
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

    private static TwinProcess withoutPermission;

    @BeforeAll
    static void start() throws Exception {
        withoutPermission = TwinProcess.start("access-no-api-permission", "--cloud-assembly",
                assemblyWithoutApiGatewayPermission().toString());
    }

    @AfterAll
    static void stop() {
        if (withoutPermission != null) {
            withoutPermission.close();
        }
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
        Path source = Path.of("../infra/target/cloud-assembly");
        Path target = Files.createTempDirectory(Path.of("target"), "access-no-api-permission");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(source, "*.json")) {
            for (Path file : files) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        Path template = target.resolve("Sagastack-dev-Stateless.template.json");
        ObjectNode json = (ObjectNode) JSON.readTree(template.toFile());
        int removed = 0;
        Iterator<Map.Entry<String, JsonNode>> resources = json.get("Resources").fields();
        while (resources.hasNext()) {
            JsonNode resource = resources.next().getValue();
            if ("AWS::Lambda::Permission".equals(resource.path("Type").asText())
                    && "apigateway.amazonaws.com".equals(resource.path("Properties").path("Principal").asText())) {
                resources.remove();
                removed++;
            }
        }
        assertThat(removed).as("the dev template's API Gateway invoke permissions").isPositive();
        JSON.writeValue(template.toFile(), json);
        return target;
    }
}

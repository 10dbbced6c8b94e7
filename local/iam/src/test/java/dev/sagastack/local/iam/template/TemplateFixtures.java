package dev.sagastack.local.iam.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The dev assembly's two templates as a fixture in the shape CDK synthesizes (grantReadData,
 * grantWriteData, grantStartExecution, grantRead, grantInvoke on aliases, RDS Proxy grantConnect,
 * the HTTP API's Lambda permissions, cross-stack Fn::ImportValue). A fresh copy per call, so a
 * test can take a grant away.
 */
public final class TemplateFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TemplateFixtures() {
    }

    public static List<JsonNode> devAssembly() {
        return List.of(template("sagastack-dev-stateful.template.json"),
                template("sagastack-dev-stateless.template.json"));
    }

    static JsonNode template(String name) {
        try (InputStream in = TemplateFixtures.class.getResourceAsStream("/assembly/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.sagastack.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API Gateway may invoke the HttpApi alias through one resource-policy statement scoped to the API,
 * not one per route: a function's resource policy is limited to 20 KB (Lambda quotas), and 33 route
 * statements already came close.
 */
class ApiPermissionTest {

    @Test
    @DisplayName("one lambda:InvokeFunction permission for API Gateway, scoped to the API (any stage, any route)")
    void onePermissionForTheWholeApi() throws Exception {
        for (SynthesizedStage s : List.of(SynthesizedStage.dev(), SynthesizedStage.prod())) {
            Map<String, Object> fromApiGateway = Map.of("Principal", "apigateway.amazonaws.com");
            s.stateless.resourcePropertiesCountIs("AWS::Lambda::Permission", Match.objectLike(fromApiGateway), 1);
            s.stateless.resourceCountIs("AWS::Lambda::Permission", 1);
            assertThat(s.stateless.findResources("AWS::ApiGatewayV2::Route")).hasSizeGreaterThan(20);

            Capture sourceArn = new Capture();
            s.stateless.hasResourceProperties("AWS::Lambda::Permission", Match.objectLike(Map.of(
                    "Action", "lambda:InvokeFunction",
                    "Principal", "apigateway.amazonaws.com",
                    "SourceArn", sourceArn)));
            String arn = new ObjectMapper().writeValueAsString(sourceArn.asObject());
            // <api-id>/*/*/*: any stage, method and path of this API
            assertThat(arn).contains(":execute-api:").endsWith("\"/*/*/*\"]]}");
        }
    }
}

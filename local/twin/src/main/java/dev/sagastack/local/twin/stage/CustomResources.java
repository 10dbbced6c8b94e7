package dev.sagastack.local.twin.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.twin.cloudformation.PhysicalNames;
import dev.sagastack.local.twin.cloudformation.TemplateException;
import dev.sagastack.local.twin.lambda.InvokeResult;
import dev.sagastack.local.twin.lambda.LambdaHost;
import dev.sagastack.local.twin.lambda.LambdaServiceException;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.UUID;

/**
 * Runs the stage's custom resources as CloudFormation does on a stack create: CDK's provider framework receives
 * the {@code Create} request and calls the user's {@code onEvent} function with it (AWS CloudFormation User Guide,
 * "Custom resource request objects"; aws-cdk-lib {@code custom-resources} Provider). A failure is the resource's
 * CREATE_FAILED: the twin does not start, as the stack would roll back.
 */
public final class CustomResources {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CustomResources() {
    }

    public static void create(List<StageWiring.CustomResourceSpec> resources, LambdaHost lambdas, PrintStream log) {
        for (StageWiring.CustomResourceSpec spec : resources) {
            String where = spec.resource().stack() + "/" + spec.resource().logicalId();
            ObjectNode event = JSON.createObjectNode();
            event.put("RequestType", "Create");
            event.put("ServiceToken", spec.serviceToken());
            event.put("ResponseURL", "http://127.0.0.1/cloudformation-response");
            event.put("StackId", PhysicalNames.arn("cloudformation", "stack/" + spec.resource().stack() + "/"
                    + PhysicalNames.uuid(spec.resource().stack())));
            event.put("RequestId", UUID.randomUUID().toString());
            event.put("ResourceType", spec.resource().type());
            event.put("LogicalResourceId", spec.resource().logicalId());
            event.set("ResourceProperties", spec.resource().properties());
            InvokeResult result;
            try {
                result = lambdas.invoke(spec.onEventFunctionArn(), JSON.writeValueAsBytes(event));
            } catch (LambdaServiceException | IOException e) {
                throw new TemplateException(where + ": CREATE_FAILED: " + e.getMessage(), e);
            }
            if (result.failed()) {
                throw new TemplateException(where + ": CREATE_FAILED: " + errorMessage(result));
            }
            log.printf("  %s CREATE_COMPLETE (%s)%n", where, result.payloadAsString());
        }
    }

    private static String errorMessage(InvokeResult result) {
        try {
            JsonNode error = JSON.readTree(result.payload());
            return error.path("errorType").asText() + ": " + error.path("errorMessage").asText();
        } catch (IOException e) {
            return result.payloadAsString();
        }
    }
}

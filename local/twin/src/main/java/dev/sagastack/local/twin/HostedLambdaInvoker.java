package dev.sagastack.local.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.local.stepfunctions.InvocationContext;
import dev.sagastack.local.stepfunctions.InvocationResult;
import dev.sagastack.local.stepfunctions.LambdaInvoker;
import dev.sagastack.local.twin.lambda.InvokeResult;
import dev.sagastack.local.twin.lambda.LambdaHost;
import dev.sagastack.local.twin.lambda.LambdaServiceException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Lets the Step Functions engine's Lambda tasks invoke the twin's hosted functions, as Lambda's Invoke would answer. */
final class HostedLambdaInvoker implements LambdaInvoker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LambdaHost lambdas;

    HostedLambdaInvoker(LambdaHost lambdas) {
        this.lambdas = lambdas;
    }

    @Override
    public InvocationResult invoke(String functionName, String payloadJson, InvocationContext context) {
        InvokeResult result;
        try {
            result = lambdas.invoke(context.functionArn() == null ? functionName : context.functionArn(),
                    payloadJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (LambdaServiceException e) {
            return InvocationResult.serviceError("Lambda." + e.errorCode(), e.getMessage()
                    + " (Service: Lambda, Status Code: " + e.statusCode() + ")");
        }
        if (!result.failed()) {
            return InvocationResult.success(result.payloadAsString()).fromVersion(result.executedVersion());
        }
        try {
            JsonNode error = JSON.readTree(result.payload());
            List<String> trace = new ArrayList<>();
            error.path("stackTrace").forEach(line -> trace.add(line.asText()));
            return InvocationResult.functionError(error.path("errorType").asText("Unknown"),
                    error.path("errorMessage").asText(""), trace).fromVersion(result.executedVersion());
        } catch (IOException e) {
            return InvocationResult.functionError("Unknown", result.payloadAsString())
                    .fromVersion(result.executedVersion());
        }
    }
}

package dev.sagastack.local.twin.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.local.twin.lambda.Fault;
import dev.sagastack.local.twin.lambda.FaultMode;
import dev.sagastack.local.twin.lambda.LambdaHost;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.Optional;

/**
 * {@code POST /_local/faults {"function","mode","times"[,"errorType"]}}, {@code GET} and {@code DELETE}
 * ({@code ?function=} clears one): arms faults in hosted functions. Registered only with {@code --allow-faults}.
 */
public final class LocalFaultsApi implements RouteRegistrar {

    public static final String PATH = "/_local/faults";

    private final LambdaHost lambdas;

    public LocalFaultsApi(LambdaHost lambdas) {
        this.lambdas = lambdas;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(PATH, this::arm);
        routes.get(PATH, ctx -> JsonResponses.send(ctx, 200, lambdas.faults().list().stream().map(this::describe).toList()));
        routes.delete(PATH, this::clear);
    }

    private void arm(Context ctx) {
        Optional<JsonNode> read = JsonResponses.readObject(ctx);
        if (read.isEmpty()) {
            return;
        }
        JsonNode body = read.get();
        JsonNode functionNode = body.get("function");
        Optional<String> function = functionNode != null && functionNode.isTextual()
                ? lambdas.resolve(functionNode.asText()) : Optional.empty();
        if (function.isEmpty()) {
            JsonResponses.error(ctx, 400, "ValidationError",
                    "function must be one of " + lambdas.functionNames() + " or a part of one name only", "function");
            return;
        }
        JsonNode modeNode = body.get("mode");
        Optional<FaultMode> mode = modeNode != null && modeNode.isTextual()
                ? FaultMode.fromWireName(modeNode.asText()) : Optional.empty();
        if (mode.isEmpty()) {
            JsonResponses.error(ctx, 400, "ValidationError", "mode must be error, timeout or crash-after-effect", "mode");
            return;
        }
        JsonNode timesNode = body.get("times");
        if (timesNode != null && (!timesNode.canConvertToInt() || !timesNode.isIntegralNumber() || timesNode.asInt() < 1)) {
            JsonResponses.error(ctx, 400, "ValidationError", "times must be a positive integer", "times");
            return;
        }
        JsonNode errorType = body.get("errorType");
        if (errorType != null && (!errorType.isTextual() || errorType.asText().isBlank())) {
            JsonResponses.error(ctx, 400, "ValidationError", "errorType must be a non-empty string", "errorType");
            return;
        }
        Fault fault = new Fault(function.get(), mode.get(), timesNode == null ? 1 : timesNode.asInt(),
                errorType == null ? Fault.DEFAULT_ERROR_TYPE : errorType.asText());
        lambdas.faults().arm(fault);
        JsonResponses.send(ctx, 201, describe(fault));
    }

    private void clear(Context ctx) {
        String function = ctx.queryParam("function");
        if (function == null) {
            lambdas.faults().clear();
        } else {
            lambdas.faults().clear(lambdas.resolve(function).orElse(function));
        }
        ctx.status(204);
    }

    private java.util.Map<String, Object> describe(Fault fault) {
        return java.util.Map.of("function", fault.function(), "mode", fault.mode().wireName(),
                "times", fault.times(), "errorType", fault.errorType());
    }
}

package dev.sagastack.local.twin.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.twin.cloudformation.Deployment;
import dev.sagastack.local.twin.http.JsonResponses;
import dev.sagastack.local.twin.http.RouteRegistrar;
import dev.sagastack.local.twin.stage.StageWiring;
import io.javalin.config.RoutesConfig;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /_local/api/stack}: the stage the twin runs, as the CloudFormation console shows a stack — each
 * resource's logical id, type, physical id as the twin named it and whether it is emulated or acknowledged —
 * plus each function's environment as the twin gives it and its reserved concurrency, each stream mapping's
 * settings, the routes, and the outputs.
 */
public final class StackApi implements RouteRegistrar {

    private final ObjectNode body;

    public StackApi(Deployment deployment, Map<String, Map<String, String>> environments,
                    List<StageWiring.FunctionSpec> functions, List<StageWiring.MappingSpec> mappings,
                    List<StageWiring.RouteSpec> routes) {
        body = JsonResponses.JSON.createObjectNode();
        body.put("assembly", deployment.assembly().files().describe());
        body.put("stage", deployment.stageName());
        ArrayNode stacks = body.putArray("stacks");
        for (Deployment.Stack stack : deployment.stacks()) {
            ObjectNode s = stacks.addObject();
            s.put("name", stack.name());
            ArrayNode resources = s.putArray("resources");
            stack.resources().forEach(r -> resources.addObject().put("logicalId", r.logicalId()).put("type", r.type())
                    .put("physicalId", r.physicalId()).put("status", r.status().name()));
            ArrayNode outputs = s.putArray("outputs");
            stack.outputs().forEach(o -> {
                ObjectNode output = outputs.addObject().put("key", o.key()).put("value", o.value())
                        .put("description", o.description());
                o.exportName().ifPresent(name -> output.put("exportName", name));
            });
        }
        ArrayNode fns = body.putArray("functions");
        for (StageWiring.FunctionSpec f : functions) {
            ObjectNode fn = fns.addObject().put("name", f.name()).put("logicalId", f.resource().logicalId())
                    .put("handler", f.handlerClass()).put("runtime", f.runtime()).put("memoryMb", f.memoryMb())
                    .put("timeoutSeconds", f.timeout().toSeconds()).put("snapStart", f.snapStart());
            if (f.reservedConcurrency().isPresent()) {
                fn.put("reservedConcurrency", f.reservedConcurrency().getAsInt());
            } else {
                fn.putNull("reservedConcurrency");
            }
            ObjectNode env = fn.putObject("environment");
            environments.getOrDefault(f.name(), Map.of()).forEach(env::put);
        }
        ArrayNode maps = body.putArray("mappings");
        for (StageWiring.MappingSpec m : mappings) {
            ObjectNode mapping = maps.addObject().put("logicalId", m.resource().logicalId()).put("uuid", m.resource().physicalId())
                    .put("table", m.config().tableName()).put("function", m.config().functionName())
                    .put("batchSize", m.config().batchSize())
                    .put("maximumBatchingWindowSeconds", m.config().maximumBatchingWindow().toSeconds())
                    .put("startingPosition", m.startingPosition())
                    .put("bisectBatchOnFunctionError", m.config().bisectBatchOnFunctionError())
                    .put("maximumRetryAttempts", m.config().maximumRetryAttempts())
                    .put("reportBatchItemFailures", m.config().reportBatchItemFailures());
            m.maximumRecordAgeSeconds().ifPresent(age -> mapping.put("maximumRecordAgeSeconds", age));
            m.onFailureDestination().ifPresent(d -> mapping.put("onFailureDestination", d));
            ArrayNode filters = mapping.putArray("filters");
            m.config().filters().forEach(filters::add);
        }
        ArrayNode rts = body.putArray("routes");
        routes.forEach(r -> rts.addObject().put("routeKey", r.routeKey()).put("authorizationType", r.authorizationType())
                .put("integration", r.functionArn()));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/_local/api/stack", ctx -> JsonResponses.send(ctx, 200, body));
    }
}

package dev.sagastack.local.twin.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.twin.http.JsonResponses;
import dev.sagastack.local.twin.http.RouteRegistrar;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineAliasResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.RedriveExecutionResponse;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineAliasListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineVersionListItem;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The console's state machine pages and its two actions, through the Step Functions API with the SDK (as an
 * operator's tools would call it): the state machines, one machine's definition, versions and aliases (with their
 * routing), StartExecution ("New execution") and RedriveExecution. Errors keep the service's error code.
 */
public final class StateMachinesApi implements RouteRegistrar {

    /** StartExecution's limit on the input: 256 KiB of UTF-8 (Step Functions quotas, "Maximum input or output size"). */
    static final int MAX_INPUT_BYTES = 256 * 1024;

    private final SfnClient sfn;

    public StateMachinesApi(SfnClient sfn) {
        this.sfn = sfn;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(ConsoleApi.BASE + "/state-machines", ctx -> call(ctx, this::list));
        routes.get(ConsoleApi.BASE + "/state-machines/{arn}", ctx -> call(ctx, this::describe));
        routes.post(ConsoleApi.BASE + "/state-machines/{arn}/executions", ctx -> call(ctx, this::startExecution));
        routes.post(ConsoleApi.BASE + "/executions/{arn}/redrive", ctx -> call(ctx, this::redrive));
    }

    private void list(Context ctx) {
        ArrayNode machines = JsonResponses.JSON.createArrayNode();
        for (StateMachineListItem item : sfn.listStateMachinesPaginator(r -> r.maxResults(100)).stateMachines()) {
            machines.addObject().put("stateMachineArn", item.stateMachineArn()).put("name", item.name())
                    .put("type", item.typeAsString()).put("creationDate", text(item.creationDate()));
        }
        JsonResponses.send(ctx, 200, machines);
    }

    private void describe(Context ctx) {
        String arn = ctx.pathParam("arn");
        DescribeStateMachineResponse machine = sfn.describeStateMachine(r -> r.stateMachineArn(arn));
        ObjectNode body = JsonResponses.JSON.createObjectNode();
        body.put("stateMachineArn", machine.stateMachineArn());
        body.put("name", machine.name());
        body.put("type", machine.typeAsString());
        body.put("status", machine.statusAsString());
        body.put("creationDate", text(machine.creationDate()));
        putIfPresent(body, "revisionId", machine.revisionId());
        putIfPresent(body, "description", machine.description());
        body.put("definition", machine.definition());
        ArrayNode versions = body.putArray("versions");
        for (StateMachineVersionListItem item : sfn.listStateMachineVersions(r -> r.stateMachineArn(arn)).stateMachineVersions()) {
            DescribeStateMachineResponse version = sfn.describeStateMachine(r -> r.stateMachineArn(item.stateMachineVersionArn()));
            ObjectNode v = versions.addObject();
            v.put("stateMachineVersionArn", item.stateMachineVersionArn());
            v.put("creationDate", text(item.creationDate()));
            putIfPresent(v, "revisionId", version.revisionId());
            putIfPresent(v, "description", version.description());
        }
        ArrayNode aliases = body.putArray("aliases");
        for (StateMachineAliasListItem item : sfn.listStateMachineAliases(r -> r.stateMachineArn(arn)).stateMachineAliases()) {
            DescribeStateMachineAliasResponse alias = sfn.describeStateMachineAlias(r -> r.stateMachineAliasArn(item.stateMachineAliasArn()));
            ObjectNode a = aliases.addObject();
            a.put("stateMachineAliasArn", alias.stateMachineAliasArn());
            a.put("name", alias.name());
            putIfPresent(a, "description", alias.description());
            ArrayNode routing = a.putArray("routingConfiguration");
            alias.routingConfiguration().forEach(route -> routing.addObject()
                    .put("stateMachineVersionArn", route.stateMachineVersionArn()).put("weight", route.weight()));
        }
        JsonResponses.send(ctx, 200, body);
    }

    /**
     * {@code {"input": "<JSON text>", "name": optional}}: the input is checked here first (valid JSON within the size
     * limit) so a bad one starts nothing; the service checks it again.
     */
    private void startExecution(Context ctx) {
        String arn = ctx.pathParam("arn");
        Optional<JsonNode> read = JsonResponses.readObject(ctx);
        if (read.isEmpty()) {
            return;
        }
        JsonNode request = read.get();
        JsonNode inputNode = request.path("input");
        String input = inputNode.isMissingNode() || inputNode.isNull() ? "{}" : inputNode.asText();
        if (!inputNode.isMissingNode() && !inputNode.isNull() && !inputNode.isTextual()) {
            JsonResponses.error(ctx, 400, "ValidationError", "input must be JSON text (a string)", "input");
            return;
        }
        if (input.getBytes(StandardCharsets.UTF_8).length > MAX_INPUT_BYTES) {
            JsonResponses.error(ctx, 400, "InvalidExecutionInput", "input is larger than 256 KiB", "input");
            return;
        }
        try {
            JsonResponses.JSON.readTree(input);
        } catch (JsonProcessingException e) {
            JsonResponses.error(ctx, 400, "InvalidExecutionInput", "input is not valid JSON: " + e.getOriginalMessage(), "input");
            return;
        }
        JsonNode name = request.path("name");
        if (!name.isMissingNode() && !name.isNull() && (!name.isTextual() || name.asText().isBlank())) {
            JsonResponses.error(ctx, 400, "ValidationError", "name must be a non-empty string when given", "name");
            return;
        }
        StartExecutionResponse started = sfn.startExecution(r -> {
            r.stateMachineArn(arn).input(input);
            if (name.isTextual()) {
                r.name(name.asText());
            }
        });
        ObjectNode body = JsonResponses.JSON.createObjectNode();
        body.put("executionArn", started.executionArn());
        body.put("startDate", text(started.startDate()));
        JsonResponses.send(ctx, 200, body);
    }

    private void redrive(Context ctx) {
        String arn = ctx.pathParam("arn");
        RedriveExecutionResponse redriven = sfn.redriveExecution(r -> r.executionArn(arn));
        ObjectNode body = JsonResponses.JSON.createObjectNode();
        body.put("executionArn", arn);
        body.put("redriveDate", text(redriven.redriveDate()));
        JsonResponses.send(ctx, 200, body);
    }

    /** Runs one call; a refusal of the service keeps its error code, with 404/409 where the code says so. */
    private static void call(Context ctx, Consumer<Context> handler) {
        try {
            handler.accept(ctx);
        } catch (SfnException e) {
            String code = e.awsErrorDetails() == null ? "ServiceError" : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            JsonResponses.error(ctx, statusFor(code, e.statusCode()), code, message, null);
        }
    }

    static int statusFor(String code, int serviceStatus) {
        if (code.endsWith("DoesNotExist")) {
            return 404;
        }
        if (code.equals("ExecutionAlreadyExists") || code.equals("ExecutionNotRedrivable")) {
            return 409;
        }
        return serviceStatus >= 400 && serviceStatus < 500 ? 400 : 502;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}

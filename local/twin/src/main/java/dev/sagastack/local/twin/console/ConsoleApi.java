package dev.sagastack.local.twin.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.stepfunctions.ExecutionInfo;
import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;
import dev.sagastack.local.stepfunctions.StepFunctionsException;
import dev.sagastack.local.twin.http.JsonResponses;
import dev.sagastack.local.twin.http.RouteRegistrar;
import dev.sagastack.keys.ItemKey;
import dev.sagastack.keys.Keys;
import dev.sagastack.local.twin.streams.DeadLetterStore;
import dev.sagastack.schema.Tables;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The console's JSON, read from the engines in-process: executions (filter by status, search by order id
 * = execution name, newest first, paginated), one execution's view, stop, account summaries, dead letters.
 */
public final class ConsoleApi implements RouteRegistrar {

    public static final String BASE = "/_local/api";
    private static final int MAX_PAGE = 100;

    private final StepFunctionsEngine engine;
    private final Map<String, String> stateMachines;
    private final DeadLetterStore deadLetters;
    private final DynamoDbClient dynamo;
    private final String singleTable;

    public ConsoleApi(StepFunctionsEngine engine, Map<String, String> stateMachines, DeadLetterStore deadLetters,
                      DynamoDbClient dynamo, String singleTable) {
        this.engine = engine;
        this.stateMachines = Map.copyOf(stateMachines);
        this.deadLetters = deadLetters;
        this.dynamo = dynamo;
        this.singleTable = singleTable;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(BASE + "/executions", this::listExecutions);
        routes.get(BASE + "/executions/{arn}", this::describeExecution);
        routes.post(BASE + "/executions/{arn}/stop", this::stopExecution);
        routes.get(BASE + "/account-summaries", this::accountSummaries);
        routes.get(BASE + "/account-summaries/{accountId}", this::accountSummary);
        routes.get(BASE + "/dead-letters", ctx -> {
            ArrayNode letters = JsonResponses.JSON.createArrayNode();
            deadLetters.list().forEach(letter -> letters.add(DeadLetterStore.toJson(letter)));
            JsonResponses.send(ctx, 200, letters);
        });
    }

    private void listExecutions(Context ctx) {
        Optional<ExecutionStatus> status;
        try {
            status = Optional.ofNullable(ctx.queryParam("status")).filter(s -> !s.isBlank())
                    .map(s -> ExecutionStatus.valueOf(s.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            JsonResponses.error(ctx, 400, "ValidationError", "status must be one of "
                    + Arrays.toString(ExecutionStatus.values()), "status");
            return;
        }
        int limit = intParam(ctx, "limit", 25);
        int offset = intParam(ctx, "offset", 0);
        if (limit < 1 || limit > MAX_PAGE || offset < 0) {
            JsonResponses.error(ctx, 400, "ValidationError", "limit must be 1.." + MAX_PAGE + " and offset at least 0",
                    limit < 1 || limit > MAX_PAGE ? "limit" : "offset");
            return;
        }
        String query = Optional.ofNullable(ctx.queryParam("q")).orElse("").trim().toLowerCase(Locale.ROOT);
        List<ExecutionInfo> all = new ArrayList<>();
        for (String arn : stateMachines.values()) {
            all.addAll(engine.listExecutions(arn, status.orElse(null)));
        }
        List<ExecutionInfo> matching = all.stream()
                .filter(e -> query.isEmpty() || e.name().toLowerCase(Locale.ROOT).contains(query))
                .sorted(Comparator.comparing(ExecutionInfo::startDate).reversed()
                        .thenComparing(ExecutionInfo::name))
                .toList();
        ObjectNode body = JsonResponses.JSON.createObjectNode();
        body.put("total", matching.size());
        body.put("offset", offset);
        body.put("limit", limit);
        ArrayNode items = body.putArray("items");
        matching.stream().skip(offset).limit(limit).forEach(e -> {
            ObjectNode item = ExecutionView.execution(e);
            item.remove("input");
            item.remove("output");
            items.add(item);
        });
        JsonResponses.send(ctx, 200, body);
    }

    private void describeExecution(Context ctx) {
        String arn = ctx.pathParam("arn");
        try {
            ExecutionInfo execution = engine.describeExecution(arn);
            String definition = engine.describeStateMachine(execution.stateMachineArn()).definition();
            JsonResponses.send(ctx, 200, ExecutionView.build(execution, definition, engine.getExecutionHistory(arn)));
        } catch (StepFunctionsException e) {
            notFoundOrBadRequest(ctx, e);
        }
    }

    private void stopExecution(Context ctx) {
        String arn = ctx.pathParam("arn");
        try {
            engine.stopExecution(arn, "StoppedFromConsole", "Stopped by an operator in the local console");
            JsonResponses.send(ctx, 200, ExecutionView.execution(engine.describeExecution(arn)));
        } catch (StepFunctionsException e) {
            notFoundOrBadRequest(ctx, e);
        }
    }

    private void accountSummaries(Context ctx) {
        ArrayNode summaries = JsonResponses.JSON.createArrayNode();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(singleTable)
                    .filterExpression("#type = :summary")
                    .expressionAttributeNames(Map.of("#type", Tables.ENTITY_TYPE))
                    .expressionAttributeValues(Map.of(":summary", AttributeValue.fromS("AccountSummary")));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse page = dynamo.scan(request.build());
            page.items().forEach(item -> summaries.add(ItemJson.plain(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && summaries.size() < 1000);
        JsonResponses.send(ctx, 200, summaries);
    }

    /** One summary, read consistently: what the projection has applied so far (benchmarks poll it for lag). */
    private void accountSummary(Context ctx) {
        ItemKey key;
        try {
            key = Keys.accountSummary(ctx.pathParam("accountId"));
        } catch (IllegalArgumentException e) {
            JsonResponses.error(ctx, 400, "ValidationError", e.getMessage(), "accountId");
            return;
        }
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(singleTable).consistentRead(true)
                .key(Map.of(Tables.PK, AttributeValue.fromS(key.pk()), Tables.SK, AttributeValue.fromS(key.sk())))).item();
        if (item == null || item.isEmpty()) {
            JsonResponses.error(ctx, 404, "NotFound", "no summary for this account yet", "accountId");
            return;
        }
        JsonResponses.send(ctx, 200, ItemJson.plain(item));
    }

    private static void notFoundOrBadRequest(Context ctx, StepFunctionsException e) {
        int status = e.code().equals("ExecutionDoesNotExist") || e.code().equals("StateMachineDoesNotExist") ? 404 : 400;
        JsonResponses.error(ctx, status, e.code(), e.getMessage(), null);
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

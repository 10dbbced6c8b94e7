package dev.sagastack.local.iam.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.AwsService;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.ServiceActionResolver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * DynamoDB operations as IAM sees them (Service Authorization Reference, "Actions, resources, and
 * condition keys for Amazon DynamoDB", and the Developer Guide's "Using IAM policy conditions for
 * fine-grained access control"): item operations on the table ARN, Query/Scan on an index on the
 * index ARN, each TransactWriteItems item as its own PutItem/UpdateItem/DeleteItem/
 * ConditionCheckItem on that item's table, TransactGetItems items as GetItem, batch operations as
 * dynamodb:BatchGetItem/BatchWriteItem per table (the reference's API-operations table maps
 * BatchWriteItem to dynamodb:BatchWriteItem alone, not to PutItem/DeleteItem); with
 * dynamodb:LeadingKeys (every item's partition key), dynamodb:Attributes, dynamodb:Select and
 * dynamodb:ReturnValues.
 */
public final class DynamoDbActions implements ServiceActionResolver {

    private static final String PREFIX = "DynamoDB_20120810";
    private static final Set<String> TABLE_OPERATIONS = Set.of("DescribeTable", "CreateTable", "DeleteTable",
            "UpdateTable", "DescribeTimeToLive", "UpdateTimeToLive", "DescribeContinuousBackups",
            "UpdateContinuousBackups", "DescribeKinesisStreamingDestination");
    private static final Set<String> ACCOUNT_OPERATIONS = Set.of("ListTables", "DescribeLimits",
            "DescribeEndpoints", "ListBackups", "ListGlobalTables");

    private final Function<String, Optional<String>> partitionKeyOf;

    /** @param partitionKeyOf the partition key attribute of a table (by name), for dynamodb:LeadingKeys */
    public DynamoDbActions(Function<String, Optional<String>> partitionKeyOf) {
        this.partitionKeyOf = partitionKeyOf;
    }

    public static DynamoDbActions withPartitionKeys(Map<String, String> partitionKeyByTable) {
        Map<String, String> copy = Map.copyOf(partitionKeyByTable);
        return new DynamoDbActions(t -> Optional.ofNullable(copy.get(t)));
    }

    @Override
    public AwsService service() {
        return AwsService.DYNAMODB;
    }

    @Override
    public List<AuthorizationRequest> resolve(HttpRequestView request, ResourceScope scope) {
        String operation = JsonBodies.operation(request, PREFIX);
        JsonNode body = JsonBodies.body(request);
        return switch (operation) {
            case "GetItem", "DeleteItem" -> List.of(item("dynamodb:" + operation, scope,
                    JsonBodies.required(body, "TableName"), body.get("Key"), body));
            case "PutItem" -> List.of(item("dynamodb:PutItem", scope, JsonBodies.required(body, "TableName"),
                    body.get("Item"), body));
            case "UpdateItem" -> List.of(item("dynamodb:UpdateItem", scope, JsonBodies.required(body, "TableName"),
                    body.get("Key"), body));
            case "Query", "Scan" -> List.of(queryOrScan(operation, scope, body));
            case "BatchGetItem" -> batch("dynamodb:BatchGetItem", scope, body, "Keys", null);
            case "BatchWriteItem" -> batch("dynamodb:BatchWriteItem", scope, body, null, "write");
            case "TransactWriteItems" -> transaction(scope, body, true);
            case "TransactGetItems" -> transaction(scope, body, false);
            case "ListTagsOfResource", "TagResource", "UntagResource" ->
                    List.of(new AuthorizationRequest("dynamodb:" + operation, JsonBodies.required(body, "ResourceArn")));
            default -> {
                if (TABLE_OPERATIONS.contains(operation)) {
                    yield List.of(new AuthorizationRequest("dynamodb:" + operation,
                            tableArn(scope, JsonBodies.required(body, "TableName"))));
                }
                if (ACCOUNT_OPERATIONS.contains(operation)) {
                    yield List.of(new AuthorizationRequest("dynamodb:" + operation, "*"));
                }
                throw new UnreadableRequest("operation " + operation + " is not authorized by the local twin");
            }
        };
    }

    static String tableArn(ResourceScope scope, String tableNameOrArn) {
        return tableNameOrArn.startsWith("arn:") ? tableNameOrArn
                : "arn:aws:dynamodb:" + scope.region() + ":" + scope.accountId() + ":table/" + tableNameOrArn;
    }

    private static String tableName(String tableNameOrArn) {
        int slash = tableNameOrArn.indexOf(":table/");
        return slash < 0 ? tableNameOrArn : tableNameOrArn.substring(slash + 7).split("/", 2)[0];
    }

    private AuthorizationRequest item(String action, ResourceScope scope, String table, JsonNode keyOrItem,
                                      JsonNode body) {
        Map<String, List<String>> context = new LinkedHashMap<>();
        leadingKey(table, keyOrItem).ifPresent(k -> context.put("dynamodb:LeadingKeys", List.of(k)));
        Set<String> attributes = new LinkedHashSet<>();
        if (keyOrItem != null) {
            keyOrItem.fieldNames().forEachRemaining(attributes::add);
        }
        attributes.addAll(ExpressionNames.topLevel(body, "ProjectionExpression"));
        attributes.addAll(ExpressionNames.topLevel(body, "UpdateExpression"));
        JsonNode attributesToGet = body.get("AttributesToGet");
        if (attributesToGet != null) {
            attributesToGet.forEach(a -> attributes.add(a.asText()));
        }
        context.put("dynamodb:Attributes", List.copyOf(attributes));
        JsonBodies.optional(body, "ReturnValues").ifPresent(v -> context.put("dynamodb:ReturnValues", List.of(v)));
        return new AuthorizationRequest(action, tableArn(scope, table), context);
    }

    private AuthorizationRequest queryOrScan(String operation, ResourceScope scope, JsonNode body) {
        String table = JsonBodies.required(body, "TableName");
        Optional<String> index = JsonBodies.optional(body, "IndexName");
        String resource = tableArn(scope, table) + index.map(i -> "/index/" + i).orElse("");
        Map<String, List<String>> context = new LinkedHashMap<>();
        JsonBodies.optional(body, "Select").ifPresent(v -> context.put("dynamodb:Select", List.of(v)));
        List<String> attributes = ExpressionNames.topLevel(body, "ProjectionExpression");
        if (!attributes.isEmpty()) {
            context.put("dynamodb:Attributes", attributes);
        }
        if (index.isEmpty() && operation.equals("Query")) {
            partitionKeyOf.apply(tableName(table))
                    .flatMap(pk -> ExpressionNames.equalityValue(body, "KeyConditionExpression", pk))
                    .ifPresent(v -> context.put("dynamodb:LeadingKeys", List.of(v)));
        }
        return new AuthorizationRequest("dynamodb:" + operation, resource, context);
    }

    private List<AuthorizationRequest> batch(String action, ResourceScope scope, JsonNode body, String keysField,
                                             String write) {
        JsonNode items = body.get("RequestItems");
        if (items == null || !items.isObject() || items.isEmpty()) {
            throw new UnreadableRequest("RequestItems is required");
        }
        List<AuthorizationRequest> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : items.properties()) {
            Set<String> leading = new LinkedHashSet<>();
            JsonNode keys = write == null ? entry.getValue().get(keysField) : entry.getValue();
            if (keys != null) {
                for (JsonNode k : keys) {
                    JsonNode item = write == null ? k
                            : k.has("PutRequest") ? k.get("PutRequest").get("Item")
                            : k.has("DeleteRequest") ? k.get("DeleteRequest").get("Key") : null;
                    leadingKey(entry.getKey(), item).ifPresent(leading::add);
                }
            }
            Map<String, List<String>> context = leading.isEmpty() ? Map.of()
                    : Map.of("dynamodb:LeadingKeys", List.copyOf(leading));
            out.add(new AuthorizationRequest(action, tableArn(scope, entry.getKey()), context));
        }
        return out;
    }

    private List<AuthorizationRequest> transaction(ResourceScope scope, JsonNode body, boolean write) {
        JsonNode items = body.get("TransactItems");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw new UnreadableRequest("TransactItems is required");
        }
        List<AuthorizationRequest> out = new ArrayList<>();
        for (JsonNode entry : items) {
            if (!entry.isObject() || entry.size() != 1) {
                throw new UnreadableRequest("each TransactItem must have exactly one operation");
            }
            String kind = entry.fieldNames().next();
            JsonNode op = entry.get(kind);
            String action = switch (kind) {
                case "Put" -> "dynamodb:PutItem";
                case "Update" -> "dynamodb:UpdateItem";
                case "Delete" -> "dynamodb:DeleteItem";
                case "ConditionCheck" -> "dynamodb:ConditionCheckItem";
                case "Get" -> "dynamodb:GetItem";
                default -> throw new UnreadableRequest("unknown TransactItem operation " + kind);
            };
            if (write == kind.equals("Get")) {
                throw new UnreadableRequest(kind + " is not allowed in " + (write ? "TransactWriteItems"
                        : "TransactGetItems"));
            }
            out.add(item(action, scope, JsonBodies.required(op, "TableName"),
                    kind.equals("Put") ? op.get("Item") : op.get("Key"), op));
        }
        return out;
    }

    private Optional<String> leadingKey(String table, JsonNode keyOrItem) {
        if (keyOrItem == null) {
            return Optional.empty();
        }
        return partitionKeyOf.apply(tableName(table)).map(keyOrItem::get).flatMap(ExpressionNames::scalar);
    }
}

package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.DynamoDbError;
import dev.sagastack.local.dynamodb.engine.IndexSchema;
import dev.sagastack.local.dynamodb.engine.KeyAttribute;
import dev.sagastack.local.dynamodb.engine.Table;
import dev.sagastack.local.dynamodb.engine.TableSchema;
import dev.sagastack.local.dynamodb.partiql.Expr;
import dev.sagastack.local.dynamodb.partiql.ExpressionWriter;
import dev.sagastack.local.dynamodb.partiql.KeyPlan;
import dev.sagastack.local.dynamodb.partiql.Parser;
import dev.sagastack.local.dynamodb.partiql.PartiqlException;
import dev.sagastack.local.dynamodb.partiql.PartitionKeyIn;
import dev.sagastack.local.dynamodb.partiql.Statement;
import dev.sagastack.local.dynamodb.value.AttributeValueJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * ExecuteStatement, BatchExecuteStatement and ExecuteTransaction (API Reference pages of the same
 * names; Developer Guide, "PartiQL - a SQL-compatible query language for Amazon DynamoDB"). Each
 * statement is translated into the request of the equivalent operation - Query or Scan, GetItem,
 * PutItem, UpdateItem, DeleteItem, TransactGetItems or TransactWriteItems - with its WHERE clause
 * and SET values as expressions, and run by that operation: one validation and evaluation path,
 * and PartiQL writes reach the stream like any other.
 */
final class PartiqlOperations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DYNAMODB = "com.amazonaws.dynamodb.v20120810#";
    static final int MAX_STATEMENT_LENGTH = 8192;
    static final int MAX_BATCH = 25;
    static final int MAX_TRANSACTION = 100;

    private final Database db;
    private final JsonFactory factory;
    private final DynamoDbApi.Operation query;
    private final DynamoDbApi.Operation scan;
    private final DynamoDbApi.Operation putItem;
    private final DynamoDbApi.Operation updateItem;
    private final DynamoDbApi.Operation deleteItem;
    private final DynamoDbApi.Operation transactGet;
    private final DynamoDbApi.Operation transactWrite;

    PartiqlOperations(Database db, JsonFactory factory, ItemOperations items, ReadOperations reads,
            TransactionOperations transactions) {
        this.db = db;
        this.factory = factory;
        this.query = reads::query;
        this.scan = reads::scan;
        this.putItem = items::putItem;
        this.updateItem = items::updateItem;
        this.deleteItem = items::deleteItem;
        this.transactGet = transactions::transactGetItems;
        this.transactWrite = transactions::transactWriteItems;
    }

    /** One statement with its parameters, parsed and checked. */
    private record Parsed(Statement statement, List<JsonNode> parameters) {
    }

    // ---- ExecuteStatement ----

    void executeStatement(Request req, JsonGenerator out) throws IOException {
        String text = req.string("Statement");
        Violations v = new Violations();
        checkStatement(v, text, "statement");
        Long limit = req.integer("Limit");
        if (limit != null && limit < 1) {
            v.add(limit, "limit", "Member must have value greater than or equal to 1");
        }
        String capacity = req.string("ReturnConsumedCapacity");
        Capacity.checkParameter(v, capacity);
        String onFailure = req.string("ReturnValuesOnConditionCheckFailure");
        v.oneOf(onFailure, "returnValuesOnConditionCheckFailure", "ALL_OLD", "NONE");
        JsonNode params = req.array("Parameters");
        checkParameterList(v, params, "parameters");
        v.throwIfAny();
        Parsed parsed = parse(text, params);
        ObjectNode result = NODES.objectNode();
        Statement s = parsed.statement();
        if (s instanceof Statement.Select select) {
            result = select(select, parsed.parameters(), req.bool("ConsistentRead"), limit, req.string("NextToken"),
                    capacity);
        } else if (s instanceof Statement.Check) {
            throw DynamoDbError.validation("EXISTS statements are only supported in ExecuteTransaction");
        } else {
            ObjectNode request = write(s, parsed.parameters());
            putIfPresent(request, "ReturnConsumedCapacity", capacity);
            putIfPresent(request, "ReturnValuesOnConditionCheckFailure", onFailure);
            JsonNode response = run(s, request);
            if (response.has("Attributes")) {
                result.putArray("Items").add(response.get("Attributes"));
            } else if (request.has("ReturnValues")) {
                result.putArray("Items");
            }
            if (response.has("ConsumedCapacity")) {
                result.set("ConsumedCapacity", response.get("ConsumedCapacity"));
            }
        }
        writeNode(out, result);
    }

    private ObjectNode select(Statement.Select s, List<JsonNode> params, Boolean consistent, Long limit,
            String nextToken, String capacity) throws IOException {
        Optional<List<Statement.Select>> parts = splitPartitionKeyIn(s, params);
        if (parts.isPresent()) {
            return selectEach(parts.get(), params, consistent, limit, nextToken, capacity);
        }
        ObjectNode request = readRequest(s, params);
        if (consistent != null) {
            request.put("ConsistentRead", consistent);
        }
        if (limit != null) {
            request.put("Limit", limit);
        }
        if (nextToken != null) {
            request.set("ExclusiveStartKey", decodeToken(nextToken));
        }
        putIfPresent(request, "ReturnConsumedCapacity", capacity);
        boolean isQuery = request.has("KeyConditionExpression");
        JsonNode response = call(isQuery ? query : scan, request);
        ObjectNode result = NODES.objectNode();
        result.set("Items", response.has("Items") ? response.get("Items") : NODES.arrayNode());
        if (response.has("LastEvaluatedKey")) {
            result.put("NextToken", encodeToken(response.get("LastEvaluatedKey")));
            result.set("LastEvaluatedKey", response.get("LastEvaluatedKey"));
        }
        if (response.has("ConsumedCapacity")) {
            result.set("ConsumedCapacity", response.get("ConsumedCapacity"));
        }
        return result;
    }

    private Optional<List<Statement.Select>> splitPartitionKeyIn(Statement.Select s, List<JsonNode> params) {
        TableSchema schema = db.table(s.table()).schema();
        KeyAttribute hash = schema.hashKey();
        Optional<KeyAttribute> range = schema.rangeKey();
        if (s.index().isPresent()) {
            Optional<IndexSchema> index = schema.index(s.index().get());
            if (index.isEmpty()) {
                return Optional.empty(); // refused by readRequest
            }
            hash = index.get().hashKey();
            range = index.get().rangeKey();
        }
        String hashName = hash.name();
        Optional<String> rangeName = range.map(KeyAttribute::name);
        return translated(() -> PartitionKeyIn.split(s, hashName, rangeName, new ExpressionWriter(params)));
    }

    /**
     * A SELECT with {@code IN} on the partition key: one Query per value, in the order listed, their
     * items, Limit (items evaluated) and ConsumedCapacity summed. A page holds at most 10 items (Developer
     * Guide, "PartiQL arithmetic, comparison, and logical operators for DynamoDB", IN: "Results are returned
     * in pages of up to 10 items"); it ends there, where a Query's own page ends or where the Limit is used
     * up, and NextToken says which value, and where in it, to go on from.
     */
    private ObjectNode selectEach(List<Statement.Select> parts, List<JsonNode> params, Boolean consistent,
            Long limit, String nextToken, String capacity) throws IOException {
        int part = 0;
        JsonNode startKey = null;
        if (nextToken != null) {
            JsonNode token = decodeToken(nextToken);
            if (!token.path("part").isInt() || token.get("part").asInt() < 0
                    || token.get("part").asInt() >= parts.size()) {
                throw DynamoDbError.validation("Invalid NextToken");
            }
            part = token.get("part").asInt();
            startKey = token.get("key");
        }
        ObjectNode result = NODES.objectNode();
        ArrayNode items = result.putArray("Items");
        ObjectNode consumed = null;
        long evaluated = 0;
        for (; part < parts.size(); part++) {
            ObjectNode request = readRequest(parts.get(part), params);
            if (consistent != null) {
                request.put("ConsistentRead", consistent);
            }
            long room = PartitionKeyIn.PAGE_ITEMS - items.size();
            request.put("Limit", limit == null ? room : Math.min(room, limit - evaluated));
            if (startKey != null) {
                request.set("ExclusiveStartKey", startKey);
                startKey = null;
            }
            putIfPresent(request, "ReturnConsumedCapacity", capacity);
            JsonNode response = call(request.has("KeyConditionExpression") ? query : scan, request);
            response.path("Items").forEach(items::add);
            evaluated += response.path("ScannedCount").asLong();
            if (response.has("ConsumedCapacity")) {
                consumed = consumed == null ? response.get("ConsumedCapacity").deepCopy()
                        : sumUnits(consumed, response.get("ConsumedCapacity"));
            }
            ObjectNode token = null;
            if (response.has("LastEvaluatedKey")) {
                token = NODES.objectNode().put("part", part);
                token.set("key", response.get("LastEvaluatedKey"));
                result.set("LastEvaluatedKey", response.get("LastEvaluatedKey"));
            } else if ((items.size() >= PartitionKeyIn.PAGE_ITEMS || limit != null && evaluated >= limit)
                    && part + 1 < parts.size()) {
                token = NODES.objectNode().put("part", part + 1);
            }
            if (token != null) {
                result.put("NextToken", encodeToken(token));
                break;
            }
        }
        if (consumed != null) {
            result.set("ConsumedCapacity", consumed);
        }
        return result;
    }

    /** Adds the numbers of one ConsumedCapacity object to another's, field by field (table and indexes). */
    private static ObjectNode sumUnits(ObjectNode into, JsonNode add) {
        add.properties().forEach(e -> {
            JsonNode mine = into.get(e.getKey());
            if (e.getValue().isNumber()) {
                into.put(e.getKey(), (mine == null ? 0 : mine.asDouble()) + e.getValue().asDouble());
            } else if (e.getValue().isObject()) {
                into.set(e.getKey(), sumUnits(mine instanceof ObjectNode o ? o : NODES.objectNode(), e.getValue()));
            }
        });
        return into;
    }

    /**
     * A statement that parses but cannot be translated (arithmetic in a WHERE clause, a condition
     * where a value belongs) is the caller's error, reported as ValidationException like a parse error.
     */
    private static <T> T translated(Supplier<T> step) {
        try {
            return step.get();
        } catch (PartiqlException e) {
            throw DynamoDbError.validation(e.getMessage());
        }
    }

    private ObjectNode readRequest(Statement.Select s, List<JsonNode> params) {
        return translated(() -> buildReadRequest(s, params));
    }

    /** A SELECT as a Query (partition key equality in WHERE) or Scan request. */
    private ObjectNode buildReadRequest(Statement.Select s, List<JsonNode> params) {
        Table table = db.table(s.table());
        TableSchema schema = table.schema();
        KeyAttribute hash = schema.hashKey();
        Optional<KeyAttribute> range = schema.rangeKey();
        if (s.index().isPresent()) {
            IndexSchema index = schema.index(s.index().get()).orElseThrow(() -> DynamoDbError.validation(
                    "The table does not have the specified index: " + s.index().get()));
            hash = index.hashKey();
            range = index.rangeKey();
        }
        ExpressionWriter w = new ExpressionWriter(params);
        ObjectNode request = NODES.objectNode();
        request.put("TableName", schema.name());
        s.index().ifPresent(i -> request.put("IndexName", i));
        KeyPlan plan = KeyPlan.of(s.where(), hash.name(), range.map(KeyAttribute::name));
        Set<String> keyAttributes = new HashSet<>();
        keyAttributes.add(hash.name());
        range.ifPresent(r -> keyAttributes.add(r.name()));
        keyAttributes.add(schema.hashKey().name());
        schema.rangeKey().ifPresent(r -> keyAttributes.add(r.name()));
        boolean isQuery = plan.hashValue().isPresent() && !plan.restMentions(keyAttributes);
        if (isQuery) {
            request.put("KeyConditionExpression", plan.keyConditionText(w));
            plan.rest().ifPresent(r -> request.put("FilterExpression", w.condition(r)));
        } else {
            s.where().ifPresent(r -> request.put("FilterExpression", w.condition(r)));
        }
        orderBy(s, request, isQuery, hash, range);
        if (!s.projection().isEmpty()) {
            List<String> paths = new ArrayList<>();
            s.projection().forEach(p -> paths.add(w.path(p)));
            request.put("ProjectionExpression", String.join(", ", paths));
        }
        setExpressionMaps(request, w);
        return request;
    }

    /**
     * {@code ORDER BY} (Developer Guide, "PartiQL select statements for DynamoDB": the hash or sort key
     * that orders the results, ascending unless DESC). Results come in key order only within one
     * partition, so ordering needs the partition key equality that makes the statement a Query; the
     * sort key's direction becomes the Query's ScanIndexForward.
     */
    private static void orderBy(Statement.Select s, ObjectNode request, boolean isQuery, KeyAttribute hash,
            Optional<KeyAttribute> range) {
        if (s.orderBy().isEmpty()) {
            return;
        }
        if (!isQuery) {
            throw DynamoDbError.validation("Must have WHERE clause in the statement when using ORDER BY clause.");
        }
        for (Statement.OrderKey key : s.orderBy()) {
            boolean onHash = key.key().isTopLevel(hash.name());
            boolean onRange = range.map(r -> key.key().isTopLevel(r.name())).orElse(false);
            if (!onHash && !onRange) {
                throw DynamoDbError.validation("Variable reference " + key.key().first()
                        + " in ORDER BY clause must be a key attribute of the table or index");
            }
            if (onRange && key.descending()) {
                request.put("ScanIndexForward", false);
            }
        }
    }

    /** The PutItem, UpdateItem or DeleteItem request of a write statement. */
    private ObjectNode write(Statement s, List<JsonNode> params) {
        return translated(() -> buildWrite(s, params));
    }

    private ObjectNode buildWrite(Statement s, List<JsonNode> params) {
        Table table = db.table(s.table());
        TableSchema schema = table.schema();
        ExpressionWriter w = new ExpressionWriter(params);
        ObjectNode request = NODES.objectNode();
        request.put("TableName", schema.name());
        Expr.Path hashPath = new Expr.Path(List.of(schema.hashKey().name()));
        if (s instanceof Statement.Insert insert) {
            request.set("Item", w.resolve(insert.item()).get("M"));
            // INSERT is not an upsert: an existing item with the key fails the statement.
            request.put("ConditionExpression", w.condition(new Expr.Missing(hashPath, false)));
        } else if (s instanceof Statement.Update update) {
            KeyPlan plan = keyLookup(update.where(), schema);
            request.set("Key", key(plan, schema, w));
            request.put("UpdateExpression", updateExpression(update, w));
            // UPDATE changes an existing item only (no upsert): the item must exist.
            Expr condition = new Expr.Missing(hashPath, true);
            if (plan.rest().isPresent()) {
                condition = new Expr.And(condition, plan.rest().get());
            }
            request.put("ConditionExpression", w.condition(condition));
            update.returning().ifPresent(r -> request.put("ReturnValues", r));
        } else if (s instanceof Statement.Delete delete) {
            KeyPlan plan = keyLookup(delete.where(), schema);
            request.set("Key", key(plan, schema, w));
            // No item with the key is SUCCESS with nothing deleted; the extra WHERE terms only guard an existing
            // item (Developer Guide, "PartiQL delete statements for DynamoDB").
            plan.rest().ifPresent(r -> request.put("ConditionExpression",
                    w.condition(new Expr.Or(new Expr.Missing(hashPath, false), r))));
            delete.returning().ifPresent(r -> {
                if (!r.equals("ALL_OLD")) {
                    throw DynamoDbError.validation("DELETE supports only RETURNING ALL OLD *");
                }
                request.put("ReturnValues", r);
            });
        } else if (s instanceof Statement.Check check) {
            KeyPlan plan = keyLookup(check.select().where(), schema);
            request.set("Key", key(plan, schema, w));
            Expr condition = new Expr.Missing(hashPath, true);
            if (plan.rest().isPresent()) {
                condition = new Expr.And(condition, plan.rest().get());
            }
            request.put("ConditionExpression", w.condition(condition));
        }
        setExpressionMaps(request, w);
        return request;
    }

    private JsonNode run(Statement s, ObjectNode request) throws IOException {
        try {
            if (s instanceof Statement.Insert) {
                return call(putItem, request);
            }
            return call(s instanceof Statement.Update ? updateItem : deleteItem, request);
        } catch (DynamoDbError e) {
            if (s instanceof Statement.Insert && e.type().endsWith("#ConditionalCheckFailedException")) {
                throw duplicateItem();
            }
            throw e;
        }
    }

    private static DynamoDbError duplicateItem() {
        return new DynamoDbError(DYNAMODB + "DuplicateItemException", "Duplicate primary key exists in table", 400);
    }

    private static KeyPlan keyLookup(Optional<Expr> where, TableSchema schema) {
        KeyPlan plan = KeyPlan.of(where, schema.hashKey().name(), schema.rangeKey().map(KeyAttribute::name));
        if (!plan.isKeyLookup(schema.rangeKey().isPresent())) {
            throw DynamoDbError.validation("Where clause does not contain a mandatory equality on all key attributes");
        }
        return plan;
    }

    private static ObjectNode key(KeyPlan plan, TableSchema schema, ExpressionWriter w) {
        ObjectNode key = NODES.objectNode();
        key.set(schema.hashKey().name(), w.resolve(plan.hashValue().get()));
        schema.rangeKey().ifPresent(r -> key.set(r.name(), w.resolve(plan.rangeValue().get())));
        return key;
    }

    private static String updateExpression(Statement.Update update, ExpressionWriter w) {
        List<String> sets = new ArrayList<>();
        List<String> adds = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (Statement.Assignment a : update.sets()) {
            // SET s = set_add(s, <<...>>) and set_delete(...) are DynamoDB's ADD and DELETE of set elements.
            if (a.value() instanceof Expr.Call c && (c.name().equals("set_add") || c.name().equals("set_delete"))
                    && c.args().size() == 2 && c.args().get(0).equals(a.path())) {
                (c.name().equals("set_add") ? adds : deletes).add(w.path(a.path()) + " " + w.value(c.args().get(1)));
            } else {
                sets.add(w.path(a.path()) + " = " + w.setValue(a.value()));
            }
        }
        List<String> removes = new ArrayList<>();
        update.removes().forEach(p -> removes.add(w.path(p)));
        StringBuilder b = new StringBuilder();
        section(b, "SET", sets);
        section(b, "REMOVE", removes);
        section(b, "ADD", adds);
        section(b, "DELETE", deletes);
        return b.toString();
    }

    private static void section(StringBuilder b, String keyword, List<String> actions) {
        if (!actions.isEmpty()) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(keyword).append(' ').append(String.join(", ", actions));
        }
    }

    // ---- BatchExecuteStatement ----

    void batchExecuteStatement(Request req, JsonGenerator out) throws IOException {
        List<Request> statements = req.objects("Statements");
        Violations v = new Violations();
        v.notNull(statements, "statements");
        if (statements != null && statements.isEmpty()) {
            v.add("[]", "statements", "Member must have length greater than or equal to 1");
        }
        if (statements != null && statements.size() > MAX_BATCH) {
            v.add("[...]", "statements", "Member must have length less than or equal to " + MAX_BATCH);
        }
        String capacity = req.string("ReturnConsumedCapacity");
        Capacity.checkParameter(v, capacity);
        if (statements != null) {
            for (int i = 0; i < statements.size(); i++) {
                Request s = statements.get(i);
                String path = "statements." + (i + 1) + ".member";
                checkStatement(v, s == null ? null : s.string("Statement"), path + ".statement");
                if (s != null) {
                    checkParameterList(v, s.array("Parameters"), path + ".parameters");
                }
            }
        }
        v.throwIfAny();
        refuseMixedBatch(statements);
        ArrayNode responses = NODES.arrayNode();
        for (Request s : statements) {
            ObjectNode response = NODES.objectNode();
            try {
                Parsed parsed = parse(s.string("Statement"), s.array("Parameters"));
                Statement statement = parsed.statement();
                response.put("TableName", db.table(statement.table()).schema().name());
                if (statement instanceof Statement.Select select) {
                    JsonNode item = batchGet(select, parsed.parameters(), s.bool("ConsistentRead"));
                    if (item != null) {
                        response.set("Item", item);
                    }
                } else if (statement instanceof Statement.Check) {
                    throw DynamoDbError.validation("EXISTS statements are only supported in ExecuteTransaction");
                } else {
                    ObjectNode request = write(statement, parsed.parameters());
                    putIfPresent(request, "ReturnValuesOnConditionCheckFailure",
                            s.string("ReturnValuesOnConditionCheckFailure"));
                    run(statement, request);
                }
            } catch (DynamoDbError e) {
                ObjectNode error = response.putObject("Error");
                error.put("Code", errorCode(e));
                if (e.getMessage() != null) {
                    error.put("Message", e.getMessage());
                }
                if (e.item().isPresent()) {
                    error.set("Item", itemJson(e));
                }
            }
            responses.add(response);
        }
        ObjectNode result = NODES.objectNode();
        result.set("Responses", responses);
        writeNode(out, result);
    }

    /**
     * API Reference, BatchExecuteStatement: "The entire batch must consist of either read statements
     * or write statements, you cannot mix both in one batch." A mixed batch runs nothing; a statement
     * that does not parse is left to its own per-statement error.
     */
    private void refuseMixedBatch(List<Request> statements) {
        boolean reads = false;
        boolean writes = false;
        for (Request s : statements) {
            Statement statement;
            try {
                statement = parse(s.string("Statement"), s.array("Parameters")).statement();
            } catch (DynamoDbError e) {
                continue;
            }
            if (statement instanceof Statement.Select) {
                reads = true;
            } else if (!(statement instanceof Statement.Check)) {
                writes = true;
            }
        }
        if (reads && writes) {
            throw DynamoDbError.validation(
                    "The entire batch must consist of either read statements or write statements, you cannot mix both in one batch");
        }
    }

    /** A SELECT in a batch reads one item by its full key. */
    private JsonNode batchGet(Statement.Select s, List<JsonNode> params, Boolean consistent) throws IOException {
        TableSchema schema = db.table(s.table()).schema();
        if (s.index().isPresent()) {
            throw DynamoDbError.validation("Batch read statements must not select from an index");
        }
        keyLookup(s.where(), schema);
        ObjectNode request = readRequest(s, params);
        if (consistent != null) {
            request.put("ConsistentRead", consistent);
        }
        JsonNode items = call(query, request).get("Items");
        return items == null || items.isEmpty() ? null : items.get(0);
    }

    /** BatchStatementError codes: the exception name without "Exception", ValidationError for validation. */
    private static String errorCode(DynamoDbError e) {
        String type = e.type().substring(e.type().indexOf('#') + 1);
        if (type.equals("ValidationException")) {
            return "ValidationError";
        }
        if (type.equals("InternalServerError")) {
            return type;
        }
        return type.endsWith("Exception") ? type.substring(0, type.length() - "Exception".length()) : type;
    }

    // ---- ExecuteTransaction ----

    void executeTransaction(Request req, JsonGenerator out) throws IOException {
        List<Request> statements = req.objects("TransactStatements");
        Violations v = new Violations();
        v.notNull(statements, "transactStatements");
        if (statements != null && statements.isEmpty()) {
            v.add("[]", "transactStatements", "Member must have length greater than or equal to 1");
        }
        if (statements != null && statements.size() > MAX_TRANSACTION) {
            v.add("[...]", "transactStatements", "Member must have length less than or equal to " + MAX_TRANSACTION);
        }
        String capacity = req.string("ReturnConsumedCapacity");
        Capacity.checkParameter(v, capacity);
        if (statements != null) {
            for (int i = 0; i < statements.size(); i++) {
                Request s = statements.get(i);
                String path = "transactStatements." + (i + 1) + ".member";
                checkStatement(v, s == null ? null : s.string("Statement"), path + ".statement");
                if (s != null) {
                    checkParameterList(v, s.array("Parameters"), path + ".parameters");
                }
            }
        }
        v.throwIfAny();
        List<Parsed> parsed = new ArrayList<>();
        for (Request s : statements) {
            parsed.add(parse(s.string("Statement"), s.array("Parameters")));
        }
        long reads = parsed.stream().filter(p -> p.statement() instanceof Statement.Select).count();
        if (reads > 0 && reads < parsed.size()) {
            throw DynamoDbError.validation(
                    "Transaction statements must be either all read statements or all write statements");
        }
        ObjectNode request = NODES.objectNode();
        ArrayNode items = request.putArray("TransactItems");
        putIfPresent(request, "ReturnConsumedCapacity", capacity);
        if (reads > 0) {
            for (Parsed p : parsed) {
                Statement.Select s = (Statement.Select) p.statement();
                TableSchema schema = db.table(s.table()).schema();
                if (s.index().isPresent()) {
                    throw DynamoDbError.validation("Transaction read statements must not select from an index");
                }
                KeyPlan plan = keyLookup(s.where(), schema);
                if (plan.rest().isPresent()) {
                    throw DynamoDbError.validation(
                            "Transaction read statements may only have equality conditions on the key attributes");
                }
                ExpressionWriter w = new ExpressionWriter(p.parameters());
                ObjectNode get = items.addObject().putObject("Get");
                get.put("TableName", schema.name());
                get.set("Key", key(plan, schema, w));
                if (!s.projection().isEmpty()) {
                    List<String> paths = new ArrayList<>();
                    s.projection().forEach(x -> paths.add(w.path(x)));
                    get.put("ProjectionExpression", String.join(", ", paths));
                }
                setExpressionMaps(get, w);
            }
            JsonNode response = call(transactGet, request);
            ObjectNode result = NODES.objectNode();
            result.set("Responses", response.has("Responses") ? response.get("Responses") : NODES.arrayNode());
            if (response.has("ConsumedCapacity")) {
                result.set("ConsumedCapacity", response.get("ConsumedCapacity"));
            }
            writeNode(out, result);
            return;
        }
        putIfPresent(request, "ClientRequestToken", req.string("ClientRequestToken"));
        for (int i = 0; i < parsed.size(); i++) {
            Statement s = parsed.get(i).statement();
            ObjectNode action = write(s, parsed.get(i).parameters());
            putIfPresent(action, "ReturnValuesOnConditionCheckFailure",
                    statements.get(i).string("ReturnValuesOnConditionCheckFailure"));
            String kind = s instanceof Statement.Insert ? "Put" : s instanceof Statement.Update ? "Update"
                    : s instanceof Statement.Delete ? "Delete" : "ConditionCheck";
            action.remove("ReturnValues");
            items.addObject().set(kind, action);
        }
        JsonNode response;
        try {
            response = call(transactWrite, request);
        } catch (DynamoDbError e) {
            throw withDuplicateItems(e, parsed);
        }
        ObjectNode result = NODES.objectNode();
        if (response.has("ConsumedCapacity")) {
            result.set("ConsumedCapacity", response.get("ConsumedCapacity"));
        }
        writeNode(out, result);
    }

    /** A failed INSERT condition in a transaction is a DuplicateItem cancellation reason. */
    private static DynamoDbError withDuplicateItems(DynamoDbError e, List<Parsed> parsed) {
        if (e.cancellationReasons().isEmpty()) {
            return e;
        }
        List<DynamoDbError.CancellationReason> reasons = new ArrayList<>();
        for (int i = 0; i < e.cancellationReasons().size(); i++) {
            DynamoDbError.CancellationReason r = e.cancellationReasons().get(i);
            if (parsed.get(i).statement() instanceof Statement.Insert && r.code().equals("ConditionalCheckFailed")) {
                r = new DynamoDbError.CancellationReason("DuplicateItem",
                        Optional.of("Duplicate primary key exists in table"), r.item());
            }
            reasons.add(r);
        }
        return DynamoDbError.transactionCanceled(reasons);
    }

    // ---- shared ----

    private static void checkStatement(Violations v, String text, String path) {
        v.notNull(text, path);
        if (text != null && text.isEmpty()) {
            v.add(text, path, "Member must have length greater than or equal to 1");
        }
        if (text != null && text.length() > MAX_STATEMENT_LENGTH) {
            v.add(text, path, "Member must have length less than or equal to " + MAX_STATEMENT_LENGTH);
        }
    }

    private static void checkParameterList(Violations v, JsonNode params, String path) {
        if (params != null && params.isEmpty()) {
            v.add("[]", path, "Member must have length greater than or equal to 1");
        }
    }

    private static Parsed parse(String text, JsonNode params) {
        List<JsonNode> parameters = new ArrayList<>();
        if (params != null) {
            for (JsonNode p : params) {
                Request.readValue(p); // the same value rules as any attribute value
                parameters.add(p);
            }
        }
        Statement s;
        try {
            s = Parser.parse(text);
        } catch (PartiqlException e) {
            throw DynamoDbError.validation(e.getMessage());
        }
        if (s.parameterCount() != parameters.size()) {
            throw DynamoDbError.validation("Number of parameters in request and statement don't match.");
        }
        return new Parsed(s, parameters);
    }

    private static void setExpressionMaps(ObjectNode request, ExpressionWriter w) {
        if (w.names() != null) {
            request.set("ExpressionAttributeNames", w.names());
        }
        if (w.values() != null) {
            request.set("ExpressionAttributeValues", w.values());
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String encodeToken(JsonNode lastEvaluatedKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(lastEvaluatedKey.toString().getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode decodeToken(String token) {
        try (JsonParser p = factory.createParser(Base64.getUrlDecoder().decode(token))) {
            JsonNode key = JsonTree.read(p);
            if (key != null && key.isObject()) {
                return key;
            }
        } catch (IOException | IllegalArgumentException e) {
            // reported below
        }
        throw DynamoDbError.validation("Invalid NextToken");
    }

    private JsonNode itemJson(DynamoDbError e) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        try (JsonGenerator g = factory.createGenerator(buf)) {
            AttributeValueJson.writeItem(g, e.item().get());
        }
        try (JsonParser p = factory.createParser(buf.toByteArray())) {
            return JsonTree.read(p);
        }
    }

    /** Runs an operation on a request built here and reads back its response. */
    private JsonNode call(DynamoDbApi.Operation op, ObjectNode request) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
        try (JsonGenerator g = factory.createGenerator(buf)) {
            op.handle(new Request(request), g);
        }
        try (JsonParser p = factory.createParser(buf.toByteArray())) {
            JsonNode node = JsonTree.read(p);
            return node == null ? NODES.objectNode() : node;
        }
    }

    private void writeNode(JsonGenerator out, JsonNode node) throws IOException {
        out.writeTree(node);
    }
}

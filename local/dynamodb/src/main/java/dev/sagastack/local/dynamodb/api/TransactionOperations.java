package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.DynamoDbError;
import dev.sagastack.local.dynamodb.engine.ItemSize;
import dev.sagastack.local.dynamodb.engine.Table;
import dev.sagastack.local.dynamodb.expression.Condition;
import dev.sagastack.local.dynamodb.expression.Projection;
import dev.sagastack.local.dynamodb.expression.Update;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.AttributeValueJson;
import dev.sagastack.local.dynamodb.value.Item;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TransactWriteItems and TransactGetItems. A write transaction locks every item it touches (in
 * global order), evaluates every condition, and then either applies all writes or none, reporting
 * one cancellation reason per action in request order.
 */
final class TransactionOperations {

    private static final int MAX_ACTIONS = 100;
    private static final long MAX_TRANSACTION_BYTES = 4L * 1024 * 1024;
    static final long IDEMPOTENCY_WINDOW_MILLIS = 10 * 60 * 1000;

    private record TokenEntry(JsonNode request, long acceptedAtMillis) {
    }

    private final Database db;
    private final Map<String, TokenEntry> tokens = new ConcurrentHashMap<>();
    /** Tokens in acceptance order, so expiry looks only at the oldest ones. */
    private final java.util.Queue<String> tokenOrder = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Object[] tokenLocks = new Object[64];

    TransactionOperations(Database db) {
        this.db = db;
        for (int i = 0; i < tokenLocks.length; i++) {
            tokenLocks[i] = new Object();
        }
    }

    void transactWriteItems(Request req, JsonGenerator out) throws IOException {
        List<Request> actions = req.objects("TransactItems");
        String token = req.string("ClientRequestToken");
        Violations v = new Violations();
        v.notNull(actions, "transactItems");
        if (actions != null && actions.isEmpty()) {
            v.add("[]", "transactItems", "Member must have length greater than or equal to 1");
        }
        if (actions != null && actions.size() > MAX_ACTIONS) {
            v.add("[...]", "transactItems", "Member must have length less than or equal to 100");
        }
        if (token != null && (token.isEmpty() || token.length() > 36)) {
            v.add(token, "clientRequestToken", token.isEmpty() ? "Member must have length greater than or equal to 1"
                    : "Member must have length less than or equal to 36");
        }
        Capacity.checkParameter(v, req.string("ReturnConsumedCapacity"));
        String metrics = req.string(ItemCollectionMetrics.PARAMETER);
        ItemCollectionMetrics.checkParameter(v, metrics);
        v.throwIfAny();
        Prepared writes = null;
        List<PreparedWrite.Outcome> outcomes = List.of();
        if (token == null) {
            writes = prepare(actions);
            outcomes = execute(writes);
        } else {
            Object lock = tokenLocks[(token.hashCode() & 0x7fffffff) % tokenLocks.length];
            synchronized (lock) {
                long now = db.nowMillis();
                purgeTokens(now);
                TokenEntry seen = tokens.get(token);
                JsonNode items = req.node().get("TransactItems");
                if (seen != null) {
                    if (!seen.request().equals(items)) {
                        throw DynamoDbError.idempotentParameterMismatch();
                    }
                    // Already applied within the window: succeed without writing again.
                } else {
                    writes = prepare(actions);
                    outcomes = execute(writes);
                    tokens.put(token, new TokenEntry(items, now));
                    tokenOrder.add(token);
                }
            }
        }
        out.writeStartObject();
        if (ItemCollectionMetrics.requested(metrics)) {
            // a replayed token reports the collections it names as they are now
            ItemCollectionMetrics.writePerTable(out, (writes != null ? writes : prepare(actions)).writes());
        }
        String capacity = req.string("ReturnConsumedCapacity");
        if (Capacity.requested(capacity)) {
            // Transactional writes cost two write units per KB (Developer Guide, "Capacity management for transactions").
            Map<String, Capacity.Consumed> units = new LinkedHashMap<>();
            for (int i = 0; i < outcomes.size(); i++) {
                PreparedWrite w = writes.writes().get(i);
                PreparedWrite.Outcome o = outcomes.get(i);
                Capacity.add(units, w.table.name(), Capacity.ofWrite(w.table.schema(), o.oldItem(),
                        w.kind == PreparedWrite.Kind.DELETE ? null : o.newItem(), 2));
            }
            Capacity.writePerTable(out, capacity, units);
        }
        out.writeEndObject();
    }

    private void purgeTokens(long now) {
        String oldest;
        while ((oldest = tokenOrder.peek()) != null) {
            TokenEntry e = tokens.get(oldest);
            if (e != null && now - e.acceptedAtMillis() < IDEMPOTENCY_WINDOW_MILLIS) {
                return;
            }
            if (tokenOrder.remove(oldest) && e != null) {
                tokens.remove(oldest, e);
            }
        }
    }

    /**
     * A key that does not match the table's schema (a key attribute missing, or one of the wrong
     * type) cancels the transaction with a ValidationError reason for that action, as DynamoDB
     * reports it, rather than failing the request outright. Other validation errors still do.
     */
    private static PreparedWrite keyProblem(DynamoDbError e, int action, Map<Integer, DynamoDbError> problems) {
        String m = e.getMessage();
        if (m != null && (m.equals(ItemRules.KEY_MISMATCH) || m.startsWith(ItemRules.MISSING_KEY)
                || m.startsWith(ItemRules.KEY_TYPE_MISMATCH))) {
            problems.put(action, e);
            return null;
        }
        throw e;
    }

    /** The prepared actions (null where the key was refused) and the key problems by action index. */
    private record Prepared(List<PreparedWrite> writes, Map<Integer, DynamoDbError> keyProblems) {
    }

    /** One action as the request states it, its expressions parsed; the table is not looked up yet. */
    private record ActionInput(Request body, PreparedWrite.Kind kind, Item item, Map<String, AttributeValue> key,
            Update update, Condition condition, boolean returnOld) {
    }

    private Prepared prepare(List<Request> actions) {
        // What the request shows by itself (shapes, expressions, their names and values, the 4 MB size) is
        // refused for every action before any table is looked up, as for the single-item operations.
        List<ActionInput> inputs = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < actions.size(); i++) {
            ActionInput input = read(actions.get(i), i);
            bytes += ItemSize.of(input.item() != null ? input.item() : new Item(input.key()));
            inputs.add(input);
        }
        if (bytes > MAX_TRANSACTION_BYTES) {
            throw DynamoDbError.validation("Transaction request size exceeds the maximum allowed size of 4 MB");
        }
        Map<Integer, DynamoDbError> keyProblems = new HashMap<>();
        List<PreparedWrite> writes = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            ActionInput in = inputs.get(i);
            Table table = db.table(in.body().string("TableName"));
            PreparedWrite w;
            try {
                w = new PreparedWrite(table, in.kind(), in.item(), in.key(), in.update(), in.condition(),
                        in.returnOld());
            } catch (DynamoDbError e) {
                w = keyProblem(e, i, keyProblems);
            }
            if (w == null) {
                writes.add(null);
                continue;
            }
            if (!targets.add(table.name() + "\u0000" + java.util.Base64.getEncoder().encodeToString(w.primaryKey))) {
                throw DynamoDbError.validation("Transaction request cannot include multiple operations on one item");
            }
            writes.add(w);
        }
        return new Prepared(writes, keyProblems);
    }

    private static ActionInput read(Request a, int i) {
        String path = "transactItems." + (i + 1) + ".member";
        if (a == null) {
            throw DynamoDbError.validation("1 validation error detected: Value null at '" + path
                    + "' failed to satisfy constraint: Member must not be null");
        }
        Request put = a.object("Put");
        Request update = a.object("Update");
        Request delete = a.object("Delete");
        Request check = a.object("ConditionCheck");
        int present = (put != null ? 1 : 0) + (update != null ? 1 : 0) + (delete != null ? 1 : 0)
                + (check != null ? 1 : 0);
        if (present != 1) {
            throw DynamoDbError.validation("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        Request body = put != null ? put : update != null ? update : delete != null ? delete : check;
        String section = put != null ? "put" : update != null ? "update" : delete != null ? "delete" : "conditionCheck";
        Violations v = new Violations();
        v.tableName(body.string("TableName"), path + "." + section + ".tableName", true);
        v.oneOf(body.string("ReturnValuesOnConditionCheckFailure"),
                path + "." + section + ".returnValuesOnConditionCheckFailure", "ALL_OLD", "NONE");
        if (put != null) {
            v.notNull(body.valueMap("Item"), path + ".put.item");
        } else {
            v.notNull(body.valueMap("Key"), path + "." + section + ".key");
        }
        if (update != null) {
            v.notNull(body.string("UpdateExpression"), path + ".update.updateExpression");
        }
        if (check != null) {
            v.notNull(body.string("ConditionExpression"), path + ".conditionCheck.conditionExpression");
        }
        v.throwIfAny();
        List<String> expressionParams = update != null ? List.of("UpdateExpression", "ConditionExpression")
                : List.of("ConditionExpression");
        ExpressionInput expressions = ExpressionInput.of(body, expressionParams, List.of());
        boolean returnOld = "ALL_OLD".equals(body.string("ReturnValuesOnConditionCheckFailure"));
        PreparedWrite.Kind kind = put != null ? PreparedWrite.Kind.PUT : update != null ? PreparedWrite.Kind.UPDATE
                : delete != null ? PreparedWrite.Kind.DELETE : PreparedWrite.Kind.CHECK;
        Update parsedUpdate = update != null ? expressions.update(body.string("UpdateExpression")) : null;
        Condition condition = expressions.condition(body.string("ConditionExpression"), "ConditionExpression");
        expressions.verifyAllUsed();
        return new ActionInput(body, kind, put != null ? body.item("Item") : null,
                put != null ? null : body.valueMap("Key"), parsedUpdate, condition, returnOld);
    }

    private List<PreparedWrite.Outcome> execute(Prepared prepared) {
        List<PreparedWrite> writes = prepared.writes();
        Map<Integer, DynamoDbError> keyProblems = prepared.keyProblems();
        List<Database.ItemRef> refs = new ArrayList<>(writes.size());
        for (PreparedWrite w : writes) {
            if (w != null) {
                refs.add(new Database.ItemRef(w.table, w.primaryKey));
            }
        }
        Runnable unlock = db.lockItems(refs);
        try {
            List<PreparedWrite.Outcome> outcomes = new ArrayList<>(writes.size());
            List<DynamoDbError.CancellationReason> reasons = new ArrayList<>(writes.size());
            boolean cancel = false;
            for (int i = 0; i < writes.size(); i++) {
                PreparedWrite w = writes.get(i);
                if (w == null) {
                    cancel = true;
                    outcomes.add(null);
                    reasons.add(new DynamoDbError.CancellationReason("ValidationError",
                            Optional.ofNullable(keyProblems.get(i).getMessage()), Optional.empty()));
                    continue;
                }
                try {
                    outcomes.add(w.evaluate());
                    reasons.add(DynamoDbError.CancellationReason.NONE);
                } catch (PreparedWrite.ConditionFailed f) {
                    cancel = true;
                    outcomes.add(null);
                    reasons.add(new DynamoDbError.CancellationReason("ConditionalCheckFailed",
                            Optional.of("The conditional request failed"), w.failureItem(f)));
                } catch (DynamoDbError e) {
                    cancel = true;
                    outcomes.add(null);
                    reasons.add(new DynamoDbError.CancellationReason("ValidationError",
                            Optional.ofNullable(e.getMessage()), Optional.empty()));
                }
            }
            if (cancel) {
                throw DynamoDbError.transactionCanceled(reasons);
            }
            long now = db.nowMillis();
            db.persistence().atomically(() -> {
                for (int i = 0; i < writes.size(); i++) {
                    writes.get(i).apply(outcomes.get(i), now);
                }
            });
            return outcomes;
        } finally {
            unlock.run();
        }
    }

    void transactGetItems(Request req, JsonGenerator out) throws IOException {
        List<Request> actions = req.objects("TransactItems");
        Violations v = new Violations();
        v.notNull(actions, "transactItems");
        if (actions != null && actions.isEmpty()) {
            v.add("[]", "transactItems", "Member must have length greater than or equal to 1");
        }
        if (actions != null && actions.size() > MAX_ACTIONS) {
            v.add("[...]", "transactItems", "Member must have length less than or equal to 100");
        }
        Capacity.checkParameter(v, req.string("ReturnConsumedCapacity"));
        v.throwIfAny();
        record Get(Table table, byte[] key, Projection projection) {
        }
        record GetInput(String tableName, Map<String, AttributeValue> key, Projection projection) {
        }
        // Every action's parameters and projection are checked before any table is looked up.
        List<GetInput> inputs = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            Request a = actions.get(i);
            Request get = a == null ? null : a.object("Get");
            Violations gv = new Violations();
            gv.notNull(get, "transactItems." + (i + 1) + ".member.get");
            gv.throwIfAny();
            gv.tableName(get.string("TableName"), "transactItems." + (i + 1) + ".member.get.tableName", true);
            Map<String, AttributeValue> key = get.valueMap("Key");
            gv.notNull(key, "transactItems." + (i + 1) + ".member.get.key");
            gv.throwIfAny();
            ExpressionInput expressions = ExpressionInput.of(get, List.of("ProjectionExpression"), List.of());
            Projection projection = expressions.projection(get.string("ProjectionExpression"));
            expressions.verifyAllUsed();
            inputs.add(new GetInput(get.string("TableName"), key, projection));
        }
        List<Get> gets = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (GetInput in : inputs) {
            Table table = db.table(in.tableName());
            Map<String, AttributeValue> key = in.key();
            Projection projection = in.projection();
            ItemRules.validateKey(table.schema(), key);
            byte[] pk = table.primaryKey(key);
            if (!targets.add(table.name() + "\u0000" + java.util.Base64.getEncoder().encodeToString(pk))) {
                throw DynamoDbError.validation("Transaction request cannot include multiple operations on one item");
            }
            gets.add(new Get(table, pk, projection));
        }
        List<Database.ItemRef> refs = new ArrayList<>();
        for (Get g : gets) {
            refs.add(new Database.ItemRef(g.table(), g.key()));
        }
        List<Optional<Item>> results = new ArrayList<>();
        Runnable unlock = db.lockItems(refs);
        try {
            for (Get g : gets) {
                results.add(g.table().get(g.key()));
            }
        } finally {
            unlock.run();
        }
        out.writeStartObject();
        out.writeArrayFieldStart("Responses");
        for (int i = 0; i < gets.size(); i++) {
            out.writeStartObject();
            if (results.get(i).isPresent()) {
                out.writeFieldName("Item");
                AttributeValueJson.writeItem(out, ItemOperations.project(results.get(i).get(), gets.get(i).projection(),
                        null));
            }
            out.writeEndObject();
        }
        out.writeEndArray();
        String capacity = req.string("ReturnConsumedCapacity");
        if (Capacity.requested(capacity)) {
            // Transactional reads cost two read units per 4 KB (Developer Guide, "Capacity management for transactions").
            Map<String, Capacity.Consumed> units = new LinkedHashMap<>();
            for (int i = 0; i < gets.size(); i++) {
                Capacity.add(units, gets.get(i).table().name(), Capacity.Consumed.ofTable(
                        2 * Capacity.readUnits(results.get(i).map(ItemSize::of).orElse(0), true)));
            }
            Capacity.writePerTable(out, capacity, units);
        }
        out.writeEndObject();
    }
}

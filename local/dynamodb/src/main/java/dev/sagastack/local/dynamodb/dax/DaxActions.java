package dev.sagastack.local.dynamodb.dax;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The IAM actions a DAX request needs (Service Authorization Reference for DAX): each item operation its own
 * action, a transactional read {@code dax:GetItem}, and a transactional write the action of each of its items'
 * kinds ({@code dax:PutItem}, {@code dax:UpdateItem}, {@code dax:DeleteItem}, {@code dax:ConditionCheckItem}).
 * Connection set-up (authorizeConnection, endpoints, key schemas, attribute lists) needs none.
 */
final class DaxActions {

    private DaxActions() {
    }

    static Set<String> of(int method, List<Object> args) {
        return switch (method) {
            case DaxDispatcher.GET_ITEM, DaxDispatcher.TRANSACT_GET_ITEMS -> Set.of("dax:GetItem");
            case DaxDispatcher.PUT_ITEM -> Set.of("dax:PutItem");
            case DaxDispatcher.DELETE_ITEM -> Set.of("dax:DeleteItem");
            case DaxDispatcher.UPDATE_ITEM -> Set.of("dax:UpdateItem");
            case DaxDispatcher.QUERY -> Set.of("dax:Query");
            case DaxDispatcher.SCAN -> Set.of("dax:Scan");
            case DaxDispatcher.BATCH_GET_ITEM -> Set.of("dax:BatchGetItem");
            case DaxDispatcher.BATCH_WRITE_ITEM -> Set.of("dax:BatchWriteItem");
            case DaxDispatcher.TRANSACT_WRITE_ITEMS -> transactWrite(args);
            default -> Set.of();
        };
    }

    private static Set<String> transactWrite(List<Object> args) {
        Set<String> actions = new LinkedHashSet<>();
        if (!args.isEmpty() && args.get(0) instanceof List<?> operations) {
            for (Object op : operations) {
                switch (op instanceof Long l ? l.intValue() : -1) {
                    case DaxBatchOperations.OP_PUT -> actions.add("dax:PutItem");
                    case DaxBatchOperations.OP_DELETE -> actions.add("dax:DeleteItem");
                    case DaxBatchOperations.OP_PARTIAL_UPDATE -> actions.add("dax:UpdateItem");
                    case DaxBatchOperations.OP_CHECK -> actions.add("dax:ConditionCheckItem");
                    default -> { } // an unknown kind fails the whole request as a protocol error, writing nothing
                }
            }
        }
        return actions;
    }
}

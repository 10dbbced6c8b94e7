package dev.sagastack.pagination;

import java.util.List;
import java.util.Optional;

/**
 * The query a cursor belongs to. A cursor is only accepted by a query with an equal scope, and the
 * key it carries must have exactly {@code keyAttributes} with the partition value of the scope.
 *
 * @param index              empty for the base table
 * @param partitionAttribute the attribute the query's key condition fixes
 * @param keyAttributes      the attributes DynamoDB returns in LastEvaluatedKey for this table/index
 */
public record CursorScope(String table, Optional<String> index, String partitionAttribute, String partitionValue,
                          boolean ascending, List<String> keyAttributes) {

    public CursorScope {
        keyAttributes = List.copyOf(keyAttributes);
        if (!keyAttributes.contains(partitionAttribute)) {
            throw new IllegalArgumentException("keyAttributes must contain " + partitionAttribute);
        }
    }

    /** A stable text form that the signature covers. */
    String canonical() {
        return String.join("\n", "v1", table, index.orElse(""), partitionAttribute, partitionValue,
                ascending ? "asc" : "desc", String.join(",", keyAttributes));
    }
}

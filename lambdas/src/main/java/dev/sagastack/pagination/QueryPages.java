package dev.sagastack.pagination;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.Map;

/** Runs one page of a Query whose ExclusiveStartKey comes only from a verified cursor. */
public final class QueryPages {

    private final DynamoDbClient client;
    private final PageCursors cursors;

    public QueryPages(DynamoDbClient client, PageCursors cursors) {
        this.client = client;
        this.cursors = cursors;
    }

    /**
     * @param query the query without Limit and ExclusiveStartKey; its table, index and direction
     *              must be those of {@code scope}
     */
    public Page<Map<String, AttributeValue>> page(CursorScope scope, QueryRequest query, PageRequest request) {
        if (!scope.table().equals(query.tableName())
                || !scope.index().equals(java.util.Optional.ofNullable(query.indexName()))
                || scope.ascending() != (query.scanIndexForward() == null || query.scanIndexForward())) {
            throw new IllegalArgumentException("query does not match its cursor scope");
        }
        QueryRequest.Builder builder = query.toBuilder().limit(request.limit());
        request.cursor().ifPresent(c -> builder.exclusiveStartKey(cursors.decode(scope, c)));
        QueryResponse response = client.query(builder.build());
        return new Page<>(response.items(), cursors.encode(scope, response.lastEvaluatedKey()));
    }
}

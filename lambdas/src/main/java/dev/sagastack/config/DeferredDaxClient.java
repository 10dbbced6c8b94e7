package dev.sagastack.config;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.util.function.Supplier;

/**
 * The DAX client, built at the first read through it. Building it starts the DAX client's Netty transport
 * (about a thousand classes), and of the API's routes only the eventually consistent reads use it: every
 * other request's cold start no longer pays for it; SnapStart priming reads through it, so a restored
 * function has it built. It offers the reads DAX caches (GetItem, BatchGetItem, Query, Scan), which are
 * all that eventually consistent reads are routed to it for ({@code ReadRouting}); other operations are
 * the SDK interface's {@link UnsupportedOperationException}.
 */
final class DeferredDaxClient implements DynamoDbClient {

    private final Supplier<DynamoDbClient> build;
    private volatile DynamoDbClient client;

    DeferredDaxClient(Supplier<DynamoDbClient> build) {
        this.build = build;
    }

    private DynamoDbClient client() {
        DynamoDbClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = build.get();
                    client = built;
                }
            }
        }
        return built;
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return client().getItem(request);
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        return client().batchGetItem(request);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return client().query(request);
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return client().scan(request);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        DynamoDbClient built = client;
        if (built != null) {
            built.close();
        }
    }
}

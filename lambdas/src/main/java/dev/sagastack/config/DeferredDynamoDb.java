package dev.sagastack.config;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The DynamoDB client built at its first call: the HTTP API wires every repository at construction, and a
 * first request that never reaches DynamoDB (GET /users/{id} read through DAX) does not pay for building it.
 * The item and table operations the functions use are forwarded; the SDK's request-builder variants and
 * paginators are the interface's defaults, which call these. Any other operation is refused as by the
 * interface's own defaults.
 */
final class DeferredDynamoDb implements DynamoDbClient {

    private final Supplier<DynamoDbClient> client;
    private final BooleanSupplier built;

    DeferredDynamoDb(Supplier<DynamoDbClient> client, BooleanSupplier built) {
        this.client = client;
        this.built = built;
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return client.get().getItem(request);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return client.get().query(request);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return client.get().putItem(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return client.get().updateItem(request);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return client.get().deleteItem(request);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        return client.get().transactWriteItems(request);
    }

    @Override
    public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest request) {
        return client.get().transactGetItems(request);
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        return client.get().batchGetItem(request);
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        return client.get().batchWriteItem(request);
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return client.get().scan(request);
    }

    @Override
    public ListTablesResponse listTables(ListTablesRequest request) {
        return client.get().listTables(request);
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        return client.get().describeTable(request);
    }

    @Override
    public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
        return client.get().serviceClientConfiguration();
    }

    @Override
    public String serviceName() {
        return DynamoDbClient.SERVICE_NAME;
    }

    /** Closes the client if it was built; one never built has nothing to close. */
    @Override
    public void close() {
        if (built.getAsBoolean()) {
            client.get().close();
        }
    }
}

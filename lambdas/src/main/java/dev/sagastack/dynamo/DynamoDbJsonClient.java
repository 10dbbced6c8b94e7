package dev.sagastack.dynamo;

import dev.sagastack.awsjson.AwsJsonRpc;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.DuplicateItemException;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.IndexNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionSizeLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReplicatedWriteConflictException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.TableInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TagResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.TagResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;
import software.amazon.awssdk.services.dynamodb.model.UntagResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.UntagResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;

/**
 * The functions' DynamoDB client: the SDK's {@link DynamoDbClient} interface, model classes and exceptions, sent
 * as signed AWS JSON 1.0 requests by {@link AwsJsonRpc} instead of through an SDK client (DynamoDB API
 * reference, "Making HTTP requests to DynamoDB" under "Low-level API"). Retries are the SDK's for DynamoDB: the
 * legacy mode with 8 retries (9 attempts) and a 25 ms base delay ({@code DynamoDbRetryPolicy}).
 * <p>The item, query, transaction, batch, PartiQL and table operations are implemented; the request-builder
 * variants and paginators are the interface's defaults, which call these. Any other operation is refused as by
 * the interface's own defaults ({@link UnsupportedOperationException}).
 */
public final class DynamoDbJsonClient implements DynamoDbClient {

    /** DynamoDB in the AWS JSON protocol, as the SDK's client describes it. */
    public static final AwsJsonRpc.Service SERVICE = new AwsJsonRpc.Service("DynamoDb", "dynamodb",
            "DynamoDB_20120810", "1.0", DynamoDbJsonClient::modeledError, DynamoDbException::builder, 9, 25);

    private final AwsJsonRpc rpc;

    public DynamoDbJsonClient(AwsJsonRpc rpc) {
        this.rpc = rpc;
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return rpc.call("GetItem", request, GetItemResponse.builder());
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return rpc.call("PutItem", request, PutItemResponse.builder());
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return rpc.call("UpdateItem", request, UpdateItemResponse.builder());
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return rpc.call("DeleteItem", request, DeleteItemResponse.builder());
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return rpc.call("Query", request, QueryResponse.builder());
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return rpc.call("Scan", request, ScanResponse.builder());
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        return rpc.call("BatchGetItem", request, BatchGetItemResponse.builder());
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        return rpc.call("BatchWriteItem", request, BatchWriteItemResponse.builder());
    }

    @Override
    public TransactGetItemsResponse transactGetItems(TransactGetItemsRequest request) {
        return rpc.call("TransactGetItems", request, TransactGetItemsResponse.builder());
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        return rpc.call("TransactWriteItems", request, TransactWriteItemsResponse.builder());
    }

    @Override
    public ExecuteStatementResponse executeStatement(ExecuteStatementRequest request) {
        return rpc.call("ExecuteStatement", request, ExecuteStatementResponse.builder());
    }

    @Override
    public BatchExecuteStatementResponse batchExecuteStatement(BatchExecuteStatementRequest request) {
        return rpc.call("BatchExecuteStatement", request, BatchExecuteStatementResponse.builder());
    }

    @Override
    public ExecuteTransactionResponse executeTransaction(ExecuteTransactionRequest request) {
        return rpc.call("ExecuteTransaction", request, ExecuteTransactionResponse.builder());
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        return rpc.call("CreateTable", request, CreateTableResponse.builder());
    }

    @Override
    public DeleteTableResponse deleteTable(DeleteTableRequest request) {
        return rpc.call("DeleteTable", request, DeleteTableResponse.builder());
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        return rpc.call("DescribeTable", request, DescribeTableResponse.builder());
    }

    @Override
    public UpdateTableResponse updateTable(UpdateTableRequest request) {
        return rpc.call("UpdateTable", request, UpdateTableResponse.builder());
    }

    @Override
    public ListTablesResponse listTables(ListTablesRequest request) {
        return rpc.call("ListTables", request, ListTablesResponse.builder());
    }

    @Override
    public UpdateTimeToLiveResponse updateTimeToLive(UpdateTimeToLiveRequest request) {
        return rpc.call("UpdateTimeToLive", request, UpdateTimeToLiveResponse.builder());
    }

    @Override
    public DescribeTimeToLiveResponse describeTimeToLive(DescribeTimeToLiveRequest request) {
        return rpc.call("DescribeTimeToLive", request, DescribeTimeToLiveResponse.builder());
    }

    @Override
    public TagResourceResponse tagResource(TagResourceRequest request) {
        return rpc.call("TagResource", request, TagResourceResponse.builder());
    }

    @Override
    public UntagResourceResponse untagResource(UntagResourceRequest request) {
        return rpc.call("UntagResource", request, UntagResourceResponse.builder());
    }

    @Override
    public ListTagsOfResourceResponse listTagsOfResource(ListTagsOfResourceRequest request) {
        return rpc.call("ListTagsOfResource", request, ListTagsOfResourceResponse.builder());
    }

    @Override
    public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
        return DynamoDbServiceClientConfiguration.builder().region(rpc.region()).endpointOverride(rpc.endpoint()).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    /** Holds no connection of its own: the HTTP client is the container's. */
    @Override
    public void close() {
    }

    /** The model's exception for an error code DynamoDB's model names, or null ({@code DefaultDynamoDbClient}'s table). */
    static AwsServiceException.Builder modeledError(String code) {
        return switch (code) {
            case "ConditionalCheckFailedException" -> ConditionalCheckFailedException.builder();
            case "ProvisionedThroughputExceededException" -> ProvisionedThroughputExceededException.builder();
            case "RequestLimitExceeded" -> RequestLimitExceededException.builder();
            case "ResourceNotFoundException" -> ResourceNotFoundException.builder();
            case "ItemCollectionSizeLimitExceededException" -> ItemCollectionSizeLimitExceededException.builder();
            case "TransactionConflictException" -> TransactionConflictException.builder();
            case "TransactionCanceledException" -> TransactionCanceledException.builder();
            case "TransactionInProgressException" -> TransactionInProgressException.builder();
            case "IdempotentParameterMismatchException" -> IdempotentParameterMismatchException.builder();
            case "ReplicatedWriteConflictException" -> ReplicatedWriteConflictException.builder();
            case "ThrottlingException" -> ThrottlingException.builder();
            case "InternalServerError" -> InternalServerErrorException.builder();
            case "LimitExceededException" -> LimitExceededException.builder();
            case "ResourceInUseException" -> ResourceInUseException.builder();
            case "DuplicateItemException" -> DuplicateItemException.builder();
            case "TableNotFoundException" -> TableNotFoundException.builder();
            case "TableInUseException" -> TableInUseException.builder();
            case "TableAlreadyExistsException" -> TableAlreadyExistsException.builder();
            case "IndexNotFoundException" -> IndexNotFoundException.builder();
            default -> null;
        };
    }
}

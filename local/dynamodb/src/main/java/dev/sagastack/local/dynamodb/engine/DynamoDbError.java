package dev.sagastack.local.dynamodb.engine;

import dev.sagastack.local.dynamodb.value.Item;
import java.util.List;
import java.util.Optional;

/**
 * An error as DynamoDB returns it: the {@code __type} (with its service prefix), the message and
 * the HTTP status. Some errors carry extra body members: the old item of a failed condition, or
 * the cancellation reasons of a transaction.
 */
public class DynamoDbError extends RuntimeException {

    private static final String DYNAMODB = "com.amazonaws.dynamodb.v20120810#";

    private final String type;
    private final int status;
    private final Optional<Item> item;
    private final List<CancellationReason> cancellationReasons;

    public DynamoDbError(String type, String message, int status) {
        this(type, message, status, Optional.empty(), List.of());
    }

    private DynamoDbError(String type, String message, int status, Optional<Item> item,
            List<CancellationReason> cancellationReasons) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.item = item;
        this.cancellationReasons = cancellationReasons;
    }

    /** One entry of TransactionCanceledException.CancellationReasons. */
    public record CancellationReason(String code, Optional<String> message, Optional<Item> item) {
        public static final CancellationReason NONE = new CancellationReason("None", Optional.empty(), Optional.empty());
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public Optional<Item> item() {
        return item;
    }

    public List<CancellationReason> cancellationReasons() {
        return cancellationReasons;
    }

    public static DynamoDbError validation(String message) {
        return new DynamoDbError("com.amazon.coral.validate#ValidationException", message, 400);
    }

    public static DynamoDbError serialization(String message) {
        return new DynamoDbError("com.amazon.coral.service#SerializationException", message, 400);
    }

    public static DynamoDbError unknownOperation() {
        return new DynamoDbError("com.amazon.coral.service#UnknownOperationException", null, 400);
    }

    public static DynamoDbError resourceNotFound(String message) {
        return new DynamoDbError(DYNAMODB + "ResourceNotFoundException", message, 400);
    }

    public static DynamoDbError tableNotFound() {
        return resourceNotFound("Requested resource not found");
    }

    public static DynamoDbError resourceInUse(String message) {
        return new DynamoDbError(DYNAMODB + "ResourceInUseException", message, 400);
    }

    public static DynamoDbError conditionalCheckFailed(Optional<Item> oldItem) {
        return new DynamoDbError(DYNAMODB + "ConditionalCheckFailedException", "The conditional request failed", 400,
                oldItem, List.of());
    }

    public static DynamoDbError transactionCanceled(List<CancellationReason> reasons) {
        StringBuilder codes = new StringBuilder();
        for (CancellationReason r : reasons) {
            if (codes.length() > 0) {
                codes.append(", ");
            }
            codes.append(r.code());
        }
        return new DynamoDbError(DYNAMODB + "TransactionCanceledException",
                "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]", 400,
                Optional.empty(), List.copyOf(reasons));
    }

    public static DynamoDbError idempotentParameterMismatch() {
        return new DynamoDbError(DYNAMODB + "IdempotentParameterMismatchException",
                "Specified idempotent token was used with different request parameters within the idempotency window",
                400);
    }

    public static DynamoDbError expiredIterator(String message) {
        return new DynamoDbError(DYNAMODB + "ExpiredIteratorException", message, 400);
    }

    public static DynamoDbError trimmedDataAccess(String message) {
        return new DynamoDbError(DYNAMODB + "TrimmedDataAccessException", message, 400);
    }

    public static DynamoDbError limitExceeded(String message) {
        return new DynamoDbError(DYNAMODB + "LimitExceededException", message, 400);
    }

    public static DynamoDbError internal(String message) {
        return new DynamoDbError(DYNAMODB + "InternalServerError", message, 500);
    }
}

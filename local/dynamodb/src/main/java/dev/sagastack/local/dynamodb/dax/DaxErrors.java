package dev.sagastack.local.dynamodb.dax;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Error responses in the DAX encoding: a code sequence (the client maps it to the DynamoDB exception
 * type), the message, then {@code [requestId, errorCode, httpStatus]} and, for a cancelled
 * transaction, a flat list of (code, message, item) per transaction item.
 */
final class DaxErrors {

    /** Client error in the DynamoDB data plane: first code 4, then the data-plane path 37, 38, 39. */
    private static final List<Integer> PREFIX = List.of(4, 37, 38, 39);

    private static final Map<String, Integer> LEAF = Map.ofEntries(
            Map.entry("ProvisionedThroughputExceededException", 40),
            Map.entry("ResourceNotFoundException", 41),
            Map.entry("ConditionalCheckFailedException", 43),
            Map.entry("ResourceInUseException", 45),
            Map.entry("ValidationException", 46),
            Map.entry("InternalServerError", 47),
            Map.entry("ItemCollectionSizeLimitExceededException", 48),
            Map.entry("LimitExceededException", 49),
            Map.entry("ThrottlingException", 50),
            Map.entry("TransactionConflictException", 57),
            Map.entry("TransactionCanceledException", 58),
            Map.entry("TransactionInProgressException", 59),
            Map.entry("IdempotentParameterMismatchException", 60));

    private DaxErrors() {
    }

    static void write(CborWriter out, String errorName, String message, int status) {
        codes(out, errorName);
        out.string(message);
        out.arrayHeader(3).string(UUID.randomUUID().toString()).string(errorName).integer(status);
    }

    static void writeEngineError(CborWriter out, Engine.EngineError e, ItemEncoder items,
            List<KeySchema> transactionSchemas) {
        String name = e.name();
        JsonNode reasons = e.body().path("CancellationReasons");
        if (!name.equals("TransactionCanceledException") || !reasons.isArray()) {
            write(out, name, e.getMessage(), e.status());
            return;
        }
        codes(out, name);
        out.string(e.getMessage());
        out.arrayHeader(4).string(UUID.randomUUID().toString()).string(name).integer(e.status());
        out.arrayHeader(reasons.size() * 3);
        for (int i = 0; i < reasons.size(); i++) {
            JsonNode r = reasons.get(i);
            out.string(r.path("Code").asText("None"));
            if (r.hasNonNull("Message")) {
                out.string(r.path("Message").asText());
            } else {
                out.nil();
            }
            if (r.hasNonNull("Item") && i < transactionSchemas.size()) {
                out.bytes(items.nonKeyAttributes(r.path("Item"), transactionSchemas.get(i)));
            } else {
                out.nil();
            }
        }
    }

    private static void codes(CborWriter out, String errorName) {
        Integer leaf = LEAF.get(errorName);
        out.arrayHeader(PREFIX.size() + 1);
        out.integer(leaf != null && leaf == 47 ? 3 : PREFIX.get(0));
        for (int c : PREFIX.subList(1, PREFIX.size())) {
            out.integer(c);
        }
        out.integer(leaf == null ? 46 : leaf);
    }
}

package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sagastack.local.dynamodb.engine.DynamoDbError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Faults the engine injects into the next matching calls, for soak and chaos tests: the throttling and server
 * errors DynamoDB documents ("Error handling with DynamoDB", Developer Guide: ProvisionedThroughputExceededException
 * and ThrottlingException with HTTP 400, InternalServerError with HTTP 500) and added latency. A fault matches an
 * operation (or {@code *}) and a table (or {@code *}); the first matching fault is used and counts down.
 *
 * <p>Present only when the server was started with faults allowed; then, and only then, the wire protocol has the
 * control target {@code SagastackLocalFaults.PutFault | ListFaults | ClearFaults}.
 */
public final class EngineFaults {

    public static final String TARGET_PREFIX = "SagastackLocalFaults.";

    /** What a fault does to the call it hits. */
    public enum Mode {
        PROVISIONED_THROUGHPUT_EXCEEDED, THROTTLING, INTERNAL_SERVER_ERROR, LATENCY
    }

    private static final class Fault {
        final String operation;
        final String table;
        final Mode mode;
        final long latencyMillis;
        int remaining;

        Fault(String operation, String table, Mode mode, long latencyMillis, int remaining) {
            this.operation = operation;
            this.table = table;
            this.mode = mode;
            this.latencyMillis = latencyMillis;
            this.remaining = remaining;
        }

        boolean matches(String op, String tableName) {
            return (operation.equals("*") || operation.equals(op)) && (table.equals("*") || table.equals(tableName));
        }
    }

    private final List<Fault> faults = new ArrayList<>();

    /** Arms {@code times} faults on the operation and table ({@code *} for any). */
    public synchronized void arm(String operation, String table, Mode mode, int times, long latencyMillis) {
        if (times < 1 || times > 1_000_000) {
            throw DynamoDbError.validation("times must be 1..1000000");
        }
        if (mode == Mode.LATENCY && (latencyMillis < 1 || latencyMillis > 60_000)) {
            throw DynamoDbError.validation("latencyMillis must be 1..60000");
        }
        faults.add(new Fault(operation, table, mode, latencyMillis, times));
    }

    public synchronized void clear() {
        faults.clear();
    }

    /** The error to answer instead of running the call, after any injected latency. */
    Optional<DynamoDbError> inject(String operation, String table) {
        Fault hit = take(operation, table);
        if (hit == null) {
            return Optional.empty();
        }
        return switch (hit.mode) {
            case PROVISIONED_THROUGHPUT_EXCEEDED -> Optional.of(new DynamoDbError(
                    "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                    "The level of configured provisioned throughput for the table was exceeded. "
                            + "Consider increasing your provisioning level with the UpdateTable API.", 400));
            case THROTTLING -> Optional.of(new DynamoDbError("com.amazon.coral.availability#ThrottlingException",
                    "Rate of requests exceeds the allowed throughput.", 400));
            case INTERNAL_SERVER_ERROR -> Optional.of(new DynamoDbError(
                    "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error", 500));
            case LATENCY -> {
                try {
                    Thread.sleep(hit.latencyMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield Optional.empty();
            }
        };
    }

    private synchronized Fault take(String operation, String table) {
        for (int i = 0; i < faults.size(); i++) {
            Fault f = faults.get(i);
            if (f.matches(operation, table)) {
                if (--f.remaining == 0) {
                    faults.remove(i);
                }
                return f;
            }
        }
        return null;
    }

    /** Handles a control call: {@code PutFault {"operation","table","mode","times","latencyMillis"}}, ListFaults, ClearFaults. */
    JsonNode control(String action, JsonNode request) {
        switch (action) {
            case "PutFault" -> {
                String mode = text(request, "mode").toUpperCase(Locale.ROOT).replace('-', '_');
                Mode parsed;
                try {
                    parsed = Mode.valueOf(mode.equals("PROVISIONEDTHROUGHPUTEXCEEDEDEXCEPTION")
                            ? "PROVISIONED_THROUGHPUT_EXCEEDED" : mode.equals("THROTTLINGEXCEPTION") ? "THROTTLING"
                            : mode.equals("INTERNALSERVERERROR") ? "INTERNAL_SERVER_ERROR" : mode);
                } catch (IllegalArgumentException e) {
                    throw DynamoDbError.validation("mode must be one of ProvisionedThroughputExceededException, "
                            + "ThrottlingException, InternalServerError, latency");
                }
                arm(request.path("operation").asText("*"), request.path("table").asText("*"), parsed,
                        request.path("times").asInt(1), request.path("latencyMillis").asLong(0));
                return list();
            }
            case "ListFaults" -> {
                return list();
            }
            case "ClearFaults" -> {
                clear();
                return list();
            }
            default -> throw DynamoDbError.unknownOperation();
        }
    }

    private synchronized JsonNode list() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Fault f : faults) {
            array.addObject().put("operation", f.operation).put("table", f.table).put("mode", f.mode.name())
                    .put("remaining", f.remaining).put("latencyMillis", f.latencyMillis);
        }
        return JsonNodeFactory.instance.objectNode().set("Faults", array);
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || !value.isTextual()) {
            throw DynamoDbError.validation(field + " is required");
        }
        return value.asText();
    }
}

package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.DynamoDbError;
import dev.sagastack.local.dynamodb.value.AttributeValueJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The DynamoDB and DynamoDB Streams JSON 1.0 APIs: takes an {@code X-Amz-Target} and a request
 * body, returns the HTTP status and response body.
 */
public final class DynamoDbApi {

    /** What to send back. */
    public record Response(int status, byte[] body) {
    }

    interface Operation {
        void handle(Request request, JsonGenerator out) throws IOException;
    }

    private static final String DYNAMODB_PREFIX = "DynamoDB_20120810.";
    private static final String STREAMS_PREFIX = "DynamoDBStreams_20120810.";

    /**
     * Attribute names may have 64 KB (Developer Guide, "Constraints", Attributes), beyond the JSON
     * parser's default name limit; allowing longer names lets the 65,535-byte rule give its own
     * ValidationException instead of a parse failure.
     */
    private static final int MAX_JSON_NAME_CHARS = 256 * 1024;

    private final JsonFactory factory = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNameLength(MAX_JSON_NAME_CHARS).build())
            .build();
    private final ObjectMapper mapper = new ObjectMapper(factory);
    private final Database db;
    private final Map<String, Operation> dynamoDb = new HashMap<>();
    private final Map<String, Operation> streams = new HashMap<>();
    private volatile EngineFaults faults;

    public DynamoDbApi(Database db, ServerSettings settings) {
        this.db = db;
        TableOperations tables = new TableOperations(db);
        ItemOperations items = new ItemOperations(db);
        ReadOperations reads = new ReadOperations(db);
        BatchOperations batches = new BatchOperations(db, settings, items);
        TransactionOperations transactions = new TransactionOperations(db);
        StreamOperations streamOps = new StreamOperations(db);
        TagOperations tags = new TagOperations(db);
        PartiqlOperations partiql = new PartiqlOperations(db, factory, items, reads, transactions);
        dynamoDb.put("CreateTable", tables::createTable);
        dynamoDb.put("DescribeTable", tables::describeTable);
        dynamoDb.put("ListTables", tables::listTables);
        dynamoDb.put("DeleteTable", tables::deleteTable);
        dynamoDb.put("UpdateTable", tables::updateTable);
        dynamoDb.put("UpdateTimeToLive", tables::updateTimeToLive);
        dynamoDb.put("DescribeTimeToLive", tables::describeTimeToLive);
        dynamoDb.put("PutItem", items::putItem);
        dynamoDb.put("GetItem", items::getItem);
        dynamoDb.put("UpdateItem", items::updateItem);
        dynamoDb.put("DeleteItem", items::deleteItem);
        dynamoDb.put("Query", reads::query);
        dynamoDb.put("Scan", reads::scan);
        dynamoDb.put("BatchGetItem", batches::batchGetItem);
        dynamoDb.put("BatchWriteItem", batches::batchWriteItem);
        dynamoDb.put("TransactWriteItems", transactions::transactWriteItems);
        dynamoDb.put("TransactGetItems", transactions::transactGetItems);
        dynamoDb.put("ExecuteStatement", partiql::executeStatement);
        dynamoDb.put("BatchExecuteStatement", partiql::batchExecuteStatement);
        dynamoDb.put("ExecuteTransaction", partiql::executeTransaction);
        dynamoDb.put("TagResource", tags::tagResource);
        dynamoDb.put("UntagResource", tags::untagResource);
        dynamoDb.put("ListTagsOfResource", tags::listTagsOfResource);
        streams.put("ListStreams", streamOps::listStreams);
        streams.put("DescribeStream", streamOps::describeStream);
        streams.put("GetShardIterator", streamOps::getShardIterator);
        streams.put("GetRecords", streamOps::getRecords);
    }

    /** Allows fault injection ({@link EngineFaults}) from now on and returns the registry; idempotent. */
    public synchronized EngineFaults allowFaults() {
        if (faults == null) {
            faults = new EngineFaults();
        }
        return faults;
    }

    public Response handle(String target, byte[] body) {
        ResponseBuffer buffer = RESPONSE_BUFFER.get();
        buffer.reset();
        try {
            EngineFaults armed = faults;
            if (armed != null && target != null && target.startsWith(EngineFaults.TARGET_PREFIX)) {
                return new Response(200, mapper.writeValueAsBytes(
                        armed.control(target.substring(EngineFaults.TARGET_PREFIX.length()), parse(body))));
            }
            Operation op = operation(target);
            JsonNode node = parse(body);
            if (armed != null) {
                int dot = target.indexOf('.');
                Optional<DynamoDbError> injected = armed.inject(target.substring(dot + 1),
                        node.path("TableName").asText("*"));
                if (injected.isPresent()) {
                    return error(injected.get());
                }
            }
            try (JsonGenerator out = factory.createGenerator(buffer)) {
                op.handle(new Request(node), out);
            }
            db.persistence().sync();
            return new Response(200, buffer.toByteArray());
        } catch (DynamoDbError e) {
            return error(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (StackOverflowError e) {
            // The parsers bound their nesting; this is the last line so that no input drops the connection.
            return error(DynamoDbError.validation("The request is nested too deeply to be processed"));
        } catch (RuntimeException e) {
            e.printStackTrace();
            return error(DynamoDbError.internal("Internal server error: " + e));
        } finally {
            buffer.release();
        }
    }

    /**
     * The response is generated into a per-thread buffer and copied out once, instead of into a new
     * stream that grows (and copies) for every response. A buffer that grew past 64 KB for a large
     * response is dropped after it, so idle connection threads do not each keep a big one.
     */
    private static final ThreadLocal<ResponseBuffer> RESPONSE_BUFFER = ThreadLocal.withInitial(ResponseBuffer::new);

    private static final class ResponseBuffer extends ByteArrayOutputStream {
        ResponseBuffer() {
            super(1024);
        }

        void release() {
            if (buf.length > 64 * 1024) {
                RESPONSE_BUFFER.remove();
            }
        }
    }

    private Operation operation(String target) {
        if (target != null) {
            if (target.startsWith(DYNAMODB_PREFIX)) {
                Operation op = dynamoDb.get(target.substring(DYNAMODB_PREFIX.length()));
                if (op != null) {
                    return op;
                }
            } else if (target.startsWith(STREAMS_PREFIX)) {
                Operation op = streams.get(target.substring(STREAMS_PREFIX.length()));
                if (op != null) {
                    return op;
                }
            }
        }
        throw DynamoDbError.unknownOperation();
    }

    private JsonNode parse(byte[] body) {
        JsonNode node;
        try {
            if (body.length == 0) {
                node = null;
            } else {
                try (JsonParser p = factory.createParser(body)) {
                    node = JsonTree.read(p);
                    if (node != null && p.nextToken() != null) {
                        // one JSON document per request: content after it is not ignored
                        throw DynamoDbError.serialization("Unexpected content after the end of the request document");
                    }
                }
            }
        } catch (JsonParseException e) {
            throw DynamoDbError.serialization("Start of structure or map found where not expected");
        } catch (IOException e) {
            throw DynamoDbError.serialization("Unexpected end of input");
        }
        if (node == null) {
            return mapper.createObjectNode();
        }
        if (!node.isObject()) {
            throw DynamoDbError.serialization("Start of list found where not expected");
        }
        return node;
    }

    private Response error(DynamoDbError e) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
        try (JsonGenerator out = factory.createGenerator(buffer)) {
            out.writeStartObject();
            out.writeStringField("__type", e.type());
            if (e.getMessage() != null) {
                out.writeStringField("message", e.getMessage());
            }
            if (e.item().isPresent()) {
                out.writeFieldName("Item");
                AttributeValueJson.writeItem(out, e.item().get());
            }
            if (!e.cancellationReasons().isEmpty()) {
                out.writeArrayFieldStart("CancellationReasons");
                for (DynamoDbError.CancellationReason r : e.cancellationReasons()) {
                    out.writeStartObject();
                    out.writeStringField("Code", r.code());
                    if (r.message().isPresent()) {
                        out.writeStringField("Message", r.message().get());
                    }
                    if (r.item().isPresent()) {
                        out.writeFieldName("Item");
                        AttributeValueJson.writeItem(out, r.item().get());
                    }
                    out.writeEndObject();
                }
                out.writeEndArray();
            }
            out.writeEndObject();
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
        return new Response(e.status(), buffer.toByteArray());
    }
}

package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.DynamoDbError;
import dev.sagastack.local.dynamodb.engine.ItemCodec;
import dev.sagastack.local.dynamodb.engine.TableSchema;
import dev.sagastack.local.dynamodb.streams.StreamLog;
import dev.sagastack.local.dynamodb.streams.StreamRecord;
import dev.sagastack.local.dynamodb.value.AttributeValueJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The DynamoDB Streams API: ListStreams, DescribeStream, GetShardIterator, GetRecords. Each stream
 * has one shard; shard iterators are opaque tokens carrying the stream, shard, next sequence
 * number and issue time, and expire after 15 minutes as DynamoDB's do.
 */
final class StreamOperations {

    static final long ITERATOR_LIFETIME_MILLIS = 15 * 60 * 1000;

    private final Database db;

    StreamOperations(Database db) {
        this.db = db;
    }

    void listStreams(Request req, JsonGenerator out) throws IOException {
        String tableName = req.string("TableName");
        Long limit = req.integer("Limit");
        String start = req.string("ExclusiveStartStreamArn");
        Violations v = new Violations();
        v.tableName(tableName, "tableName", false);
        v.range(limit, "limit", 1, 100);
        v.throwIfAny();
        int max = limit == null ? 100 : limit.intValue();
        List<StreamLog> all = db.streams().stream()
                .filter(s -> tableName == null || s.tableName().equals(tableName)).toList();
        int from = 0;
        if (start != null) {
            from = all.size();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).arn().equals(start)) {
                    from = i + 1;
                }
            }
        }
        int to = Math.min(all.size(), from + max);
        out.writeStartObject();
        out.writeArrayFieldStart("Streams");
        for (StreamLog s : all.subList(from, to)) {
            out.writeStartObject();
            out.writeStringField("StreamArn", s.arn());
            out.writeStringField("TableName", s.tableName());
            out.writeStringField("StreamLabel", s.label());
            out.writeEndObject();
        }
        out.writeEndArray();
        if (to < all.size()) {
            out.writeStringField("LastEvaluatedStreamArn", all.get(to - 1).arn());
        }
        out.writeEndObject();
    }

    private StreamLog stream(String arn) {
        return db.stream(arn).orElseThrow(
                () -> DynamoDbError.resourceNotFound("Requested resource not found: Stream: " + arn + " not found"));
    }

    private static void checkArn(Violations v, String arn, String path) {
        v.notNull(arn, path);
        if (arn != null && (arn.length() < 37 || arn.length() > 1024)) {
            v.add(arn, path, arn.length() < 37 ? "Member must have length greater than or equal to 37"
                    : "Member must have length less than or equal to 1024");
        }
    }

    void describeStream(Request req, JsonGenerator out) throws IOException {
        String arn = req.string("StreamArn");
        Violations v = new Violations();
        checkArn(v, arn, "streamArn");
        v.range(req.integer("Limit"), "limit", 1, 100);
        v.throwIfAny();
        StreamLog s = stream(arn);
        String exclusiveStartShard = req.string("ExclusiveStartShardId");
        out.writeStartObject();
        out.writeObjectFieldStart("StreamDescription");
        out.writeStringField("StreamArn", s.arn());
        out.writeStringField("StreamLabel", s.label());
        out.writeStringField("StreamStatus", s.enabled() ? "ENABLED" : "DISABLED");
        out.writeStringField("StreamViewType", s.viewType());
        out.writeFieldName("CreationRequestDateTime");
        out.writeNumber(s.creationEpochMillis() / 1000.0);
        out.writeStringField("TableName", s.tableName());
        TableDescriptions.writeKeySchema(out, s.hashKey(), s.rangeKey());
        out.writeArrayFieldStart("Shards");
        if (exclusiveStartShard == null || !exclusiveStartShard.equals(s.shardId())) {
            out.writeStartObject();
            out.writeStringField("ShardId", s.shardId());
            out.writeObjectFieldStart("SequenceNumberRange");
            out.writeStringField("StartingSequenceNumber", StreamRecord.formatSequenceNumber(s.firstSequenceNumber()));
            if (!s.enabled() && s.lastSequenceNumber() >= 0) {
                out.writeStringField("EndingSequenceNumber", StreamRecord.formatSequenceNumber(s.lastSequenceNumber()));
            }
            out.writeEndObject();
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
        out.writeEndObject();
    }

    void getShardIterator(Request req, JsonGenerator out) throws IOException {
        String arn = req.string("StreamArn");
        String shardId = req.string("ShardId");
        String type = req.string("ShardIteratorType");
        String sequence = req.string("SequenceNumber");
        Violations v = new Violations();
        checkArn(v, arn, "streamArn");
        v.notNull(shardId, "shardId");
        v.notNull(type, "shardIteratorType");
        v.oneOf(type, "shardIteratorType", "TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER");
        v.throwIfAny();
        StreamLog s = stream(arn);
        if (!s.shardId().equals(shardId)) {
            throw DynamoDbError.resourceNotFound("Requested resource not found: Shard does not exist");
        }
        long position;
        switch (type) {
            case "TRIM_HORIZON":
                if (sequence != null) {
                    throw DynamoDbError.validation("Invalid SequenceNumber: SequenceNumber must not be specified for "
                            + "ShardIteratorType TRIM_HORIZON");
                }
                position = s.trimmedBelow();
                break;
            case "LATEST":
                if (sequence != null) {
                    throw DynamoDbError.validation("Invalid SequenceNumber: SequenceNumber must not be specified for "
                            + "ShardIteratorType LATEST");
                }
                position = s.nextSequenceNumber();
                break;
            default: {
                if (sequence == null) {
                    throw DynamoDbError.validation("Must specify a SequenceNumber for ShardIteratorType " + type);
                }
                long seq;
                try {
                    seq = Long.parseLong(sequence);
                } catch (NumberFormatException e) {
                    throw DynamoDbError.validation("Invalid SequenceNumber for ShardIterator: " + sequence);
                }
                if (seq < s.trimmedBelow()) {
                    throw DynamoDbError.trimmedDataAccess("The requested sequence number " + sequence
                            + " is beyond the trim horizon of the shard " + shardId);
                }
                if (!s.hasRecord(seq)) {
                    throw DynamoDbError.validation("Invalid SequenceNumber for ShardIterator: " + sequence
                            + " is not a sequence number of a record in shard " + shardId);
                }
                position = type.equals("AT_SEQUENCE_NUMBER") ? seq : seq + 1;
            }
        }
        out.writeStartObject();
        out.writeStringField("ShardIterator", encodeIterator(s.arn(), s.shardId(), position, db.nowMillis()));
        out.writeEndObject();
    }

    void getRecords(Request req, JsonGenerator out) throws IOException {
        String iterator = req.string("ShardIterator");
        Long limit = req.integer("Limit");
        Violations v = new Violations();
        v.notNull(iterator, "shardIterator");
        if (iterator != null && (iterator.isEmpty() || iterator.length() > 2048)) {
            v.add(iterator, "shardIterator", iterator.isEmpty() ? "Member must have length greater than or equal to 1"
                    : "Member must have length less than or equal to 2048");
        }
        v.range(limit, "limit", 1, 1000);
        v.throwIfAny();
        Iterator it = decodeIterator(iterator);
        long now = db.nowMillis();
        if (now - it.issuedMillis() > ITERATOR_LIFETIME_MILLIS) {
            throw DynamoDbError.expiredIterator("Iterator expired. The iterator was created at time "
                    + java.time.Instant.ofEpochMilli(it.issuedMillis()) + " while right now it is "
                    + java.time.Instant.ofEpochMilli(now) + " which is further in the future than the tolerated delay of "
                    + ITERATOR_LIFETIME_MILLIS + " milliseconds.");
        }
        StreamLog s = stream(it.arn());
        if (it.position() < s.trimmedBelow()) {
            throw DynamoDbError.trimmedDataAccess("The operation attempted to read past the oldest stream record in "
                    + "a shard.");
        }
        List<StreamRecord> records = s.read(it.position(), limit == null ? 1000 : limit.intValue());
        long next = records.isEmpty() ? it.position() : records.get(records.size() - 1).sequenceNumber() + 1;
        out.writeStartObject();
        out.writeArrayFieldStart("Records");
        for (StreamRecord r : records) {
            writeRecord(out, s, r);
        }
        out.writeEndArray();
        boolean closed = !s.enabled() && next > s.lastSequenceNumber();
        if (!closed) {
            out.writeStringField("NextShardIterator", encodeIterator(s.arn(), s.shardId(), next, now));
        }
        out.writeEndObject();
    }

    private static void writeRecord(JsonGenerator out, StreamLog s, StreamRecord r) throws IOException {
        out.writeStartObject();
        out.writeStringField("eventID", r.eventId());
        out.writeStringField("eventName", r.eventName());
        out.writeStringField("eventVersion", "1.1");
        out.writeStringField("eventSource", "aws:dynamodb");
        out.writeStringField("awsRegion", TableSchema.REGION);
        out.writeObjectFieldStart("dynamodb");
        out.writeFieldName("ApproximateCreationDateTime");
        out.writeNumber(r.creationEpochMillis() / 1000);
        out.writeFieldName("Keys");
        AttributeValueJson.writeItem(out, ItemCodec.decode(r.keys()));
        if (r.newImage() != null) {
            out.writeFieldName("NewImage");
            AttributeValueJson.writeItem(out, ItemCodec.decode(r.newImage()));
        }
        if (r.oldImage() != null) {
            out.writeFieldName("OldImage");
            AttributeValueJson.writeItem(out, ItemCodec.decode(r.oldImage()));
        }
        out.writeStringField("SequenceNumber", r.sequenceNumberText());
        out.writeNumberField("SizeBytes", r.sizeBytes());
        out.writeStringField("StreamViewType", s.viewType());
        out.writeEndObject();
        if (r.removedByTtl()) {
            out.writeObjectFieldStart("userIdentity");
            out.writeStringField("PrincipalId", "dynamodb.amazonaws.com");
            out.writeStringField("Type", "Service");
            out.writeEndObject();
        }
        out.writeEndObject();
    }

    private record Iterator(String arn, String shardId, long position, long issuedMillis) {
    }

    static String encodeIterator(String arn, String shardId, long position, long issuedMillis) {
        String raw = "1|" + arn + "|" + shardId + "|" + position + "|" + issuedMillis;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Iterator decodeIterator(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|");
            if (parts.length != 5 || !parts[0].equals("1")) {
                throw new IllegalArgumentException();
            }
            return new Iterator(parts[1], parts[2], Long.parseLong(parts[3]), Long.parseLong(parts[4]));
        } catch (IllegalArgumentException e) {
            throw DynamoDbError.validation("Invalid ShardIterator");
        }
    }
}

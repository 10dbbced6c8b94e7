package dev.sagastack.projection;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds DynamoDB Streams records in the shape Lambda delivers them (aws-lambda-java-events), from
 * items as stored, with NEW_IMAGE like the event store's stream.
 */
final class StreamRecords {

    private StreamRecords() {
    }

    static DynamodbEvent event(List<DynamodbEvent.DynamodbStreamRecord> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    static DynamodbEvent.DynamodbStreamRecord record(String eventName, Map<String, AttributeValue> item, long sequence) {
        StreamRecord stream = new StreamRecord()
                .withKeys(toLambda(Map.of("PK", item.get("PK"), "SK", item.get("SK"))))
                .withNewImage(toLambda(item))
                .withSequenceNumber(String.format("%021d", sequence))
                .withStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.NEW_IMAGE)
                .withSizeBytes(100L);
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventID("id-" + sequence);
        record.setEventName(eventName);
        record.setEventVersion("1.1");
        record.setEventSource("aws:dynamodb");
        record.setAwsRegion("us-east-1");
        record.setEventSourceARN("arn:aws:dynamodb:us-east-1:123456789012:table/events/stream/2026-01-01T00:00:00.000");
        record.setDynamodb(stream);
        return record;
    }

    /** A record read from the engine's DynamoDB Streams API, in the shape Lambda passes it on. */
    static DynamodbEvent.DynamodbStreamRecord fromStreamsApi(software.amazon.awssdk.services.dynamodb.model.Record record) {
        var data = record.dynamodb();
        StreamRecord stream = new StreamRecord()
                .withKeys(toLambda(data.keys()))
                .withSequenceNumber(data.sequenceNumber())
                .withStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType
                        .fromValue(data.streamViewTypeAsString()))
                .withSizeBytes(data.sizeBytes());
        if (data.hasNewImage()) {
            stream.setNewImage(toLambda(data.newImage()));
        }
        DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
        out.setEventID(record.eventID());
        out.setEventName(record.eventNameAsString());
        out.setEventVersion(record.eventVersion());
        out.setEventSource(record.eventSource());
        out.setAwsRegion(record.awsRegion());
        out.setDynamodb(stream);
        return out;
    }

    static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> toLambda(
            Map<String, AttributeValue> item) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> result = new HashMap<>();
        item.forEach((k, v) -> result.put(k, toLambda(v)));
        return result;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue toLambda(AttributeValue v) {
        var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        if (v.s() != null) {
            return out.withS(v.s());
        }
        if (v.n() != null) {
            return out.withN(v.n());
        }
        if (v.bool() != null) {
            return out.withBOOL(v.bool());
        }
        if (v.hasM()) {
            return out.withM(toLambda(v.m()));
        }
        if (v.hasL()) {
            return out.withL(v.l().stream().map(StreamRecords::toLambda).toList());
        }
        return out.withNULL(true);
    }
}

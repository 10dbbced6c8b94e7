package dev.sagastack.local.twin.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Turns DynamoDB Streams records (as GetRecords returns them) into the records of the Lambda event a
 * DynamoDB event source mapping sends, per "Using AWS Lambda with Amazon DynamoDB" (example event):
 * the stream record plus {@code eventSourceARN}, attribute values in DynamoDB JSON.
 */
public final class StreamEventJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamEventJson() {
    }

    public static ObjectNode record(Record record, String eventSourceArn) {
        ObjectNode node = JSON.createObjectNode();
        node.put("eventID", record.eventID());
        node.put("eventName", record.eventNameAsString());
        node.put("eventVersion", record.eventVersion() == null ? "1.1" : record.eventVersion());
        node.put("eventSource", record.eventSource() == null ? "aws:dynamodb" : record.eventSource());
        node.put("awsRegion", record.awsRegion());
        StreamRecord stream = record.dynamodb();
        ObjectNode dynamodb = node.putObject("dynamodb");
        if (stream.approximateCreationDateTime() != null) {
            dynamodb.put("ApproximateCreationDateTime", stream.approximateCreationDateTime().getEpochSecond());
        }
        if (stream.hasKeys()) {
            dynamodb.set("Keys", item(stream.keys()));
        }
        if (stream.hasNewImage()) {
            dynamodb.set("NewImage", item(stream.newImage()));
        }
        if (stream.hasOldImage()) {
            dynamodb.set("OldImage", item(stream.oldImage()));
        }
        dynamodb.put("SequenceNumber", stream.sequenceNumber());
        if (stream.sizeBytes() != null) {
            dynamodb.put("SizeBytes", stream.sizeBytes());
        }
        dynamodb.put("StreamViewType", stream.streamViewTypeAsString());
        if (record.userIdentity() != null) {
            ObjectNode identity = node.putObject("userIdentity");
            identity.put("type", record.userIdentity().type());
            identity.put("principalId", record.userIdentity().principalId());
        }
        node.put("eventSourceARN", eventSourceArn);
        return node;
    }

    /** {@code {"Records":[...]}} for one batch. */
    public static ObjectNode event(List<ObjectNode> records) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        records.forEach(array::add);
        return event;
    }

    static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = JSON.createObjectNode();
        item.forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    private static ObjectNode value(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", base64(value.b()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> value.bs().forEach(b -> node.withArray("BS").add(base64(b)));
            case M -> node.set("M", item(value.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(v -> list.add(value(v)));
            }
            default -> throw new IllegalArgumentException("unsupported attribute value type " + value.type());
        }
        return node;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}

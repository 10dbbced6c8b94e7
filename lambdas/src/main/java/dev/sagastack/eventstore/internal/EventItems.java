package dev.sagastack.eventstore.internal;

import dev.sagastack.eventstore.CommandRecord;
import dev.sagastack.eventstore.StoredEvent;
import dev.sagastack.eventstore.StreamId;
import dev.sagastack.keys.Keys;
import dev.sagastack.schema.Tables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static dev.sagastack.dynamo.Attributes.number;
import static dev.sagastack.dynamo.Attributes.optionalString;
import static dev.sagastack.dynamo.Attributes.string;

/** Item shapes of the event-store table; also read by projections from stream images. */
public final class EventItems {

    public static final String EVENT = "Event";
    public static final String HEAD = "StreamHead";
    public static final String COMMAND = "Command";

    public static final String AGGREGATE_TYPE = "aggregateType";
    public static final String AGGREGATE_ID = "aggregateId";
    public static final String VERSION = "version";
    public static final String EVENT_TYPE = "eventType";
    public static final String PAYLOAD = "payload";
    public static final String RECORDED_AT = "recordedAt";
    public static final String COMMAND_ID = "commandId";
    public static final String SNAPSHOT_VERSION = "snapshotVersion";
    public static final String SNAPSHOT_STATE = "snapshotState";
    public static final String FIRST_VERSION = "firstVersion";
    public static final String LAST_VERSION = "lastVersion";
    public static final String FINGERPRINT = "fingerprint";
    public static final String RESULT = "result";

    private EventItems() {
    }

    public static boolean isEvent(Map<String, AttributeValue> item) {
        AttributeValue sk = item.get(Tables.SK);
        return sk != null && sk.s() != null && sk.s().startsWith(Keys.EVENT_PREFIX);
    }

    public static StoredEvent event(Map<String, AttributeValue> item) {
        StreamId stream = new StreamId(string(item, AGGREGATE_TYPE), string(item, AGGREGATE_ID));
        return new StoredEvent(stream, number(item, VERSION), string(item, EVENT_TYPE), string(item, PAYLOAD),
                java.time.Instant.parse(string(item, RECORDED_AT)), optionalString(item, COMMAND_ID));
    }

    static CommandRecord command(Map<String, AttributeValue> item) {
        return new CommandRecord(string(item, COMMAND_ID), number(item, FIRST_VERSION), number(item, LAST_VERSION),
                string(item, FINGERPRINT), optionalString(item, RESULT));
    }
}

package dev.sagastack.keys;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

import static dev.sagastack.schema.Tables.GSI1PK;
import static dev.sagastack.schema.Tables.GSI1SK;
import static dev.sagastack.schema.Tables.GSI2PK;
import static dev.sagastack.schema.Tables.GSI2SK;

/**
 * Every key string of both tables is built here and nowhere else, so the layout can be read (and
 * changed) in one place.
 *
 * <pre>
 * single table                PK                      SK                          GSI1PK / GSI1SK                 GSI2PK / GSI2SK
 * user profile                USER#id                 PROFILE
 * email guard                 EMAIL#email             EMAIL#email
 * order                       USER#userId             ORDER#orderId               ORDER#status / time#orderId      ORDER#orderId / ORDER#orderId
 * order id guard              ORDERID#orderId         ORDERID#orderId
 * shipment                    SHIPMENT#orderId        SHIPMENT#orderId
 * forum category              CATEGORY#c              CATEGORY#c                  FORUM#CATEGORIES / c
 * forum topic                 CATEGORY#c              TOPIC#t
 * forum post                  TOPIC#t                 POST#time#postId
 * account summary             ACCOUNT#id              SUMMARY                     OWNER#userId / ACCOUNT#id
 * event store
 * event                       AGG#type#id             EVT#0000000042              TYPE#eventType / time#AGG#type#id#0000000042
 * stream head (+ snapshot)    AGG#type#id             HEAD
 * command marker              AGG#type#id             CMD#commandId
 * </pre>
 */
public final class Keys {

    private static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9._:@+\\-]{1,128}");
    private static final DateTimeFormatter FIXED_WIDTH_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public static final String PROFILE = "PROFILE";
    public static final String SUMMARY = "SUMMARY";
    public static final String HEAD = "HEAD";
    public static final String EVENT_PREFIX = "EVT#";
    public static final String POST_PREFIX = "POST#";
    public static final String TOPIC_PREFIX = "TOPIC#";
    public static final String ORDER_PREFIX = "ORDER#";

    private Keys() {
    }

    /** Rejects an id that is empty, too long, or could break the key layout (e.g. contains '#'). */
    public static String component(String what, String value) {
        if (value == null || !COMPONENT.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1-128 characters of [A-Za-z0-9._:@+-], was "
                    + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }

    /** Millisecond UTC timestamps of fixed width, so they sort as strings. */
    public static String time(Instant instant) {
        return FIXED_WIDTH_TIME.format(instant);
    }

    // users

    public static ItemKey userProfile(String userId) {
        return new ItemKey("USER#" + component("userId", userId), PROFILE);
    }

    /** The guard item that makes an email unique; {@code normalisedEmail} is validated by the user module. */
    public static ItemKey emailGuard(String normalisedEmail) {
        String key = "EMAIL#" + normalisedEmail;
        return new ItemKey(key, key);
    }

    // orders

    public static ItemKey order(String userId, String orderId) {
        return new ItemKey("USER#" + component("userId", userId), ORDER_PREFIX + component("orderId", orderId));
    }

    public static ItemKey orderIdGuard(String orderId) {
        String key = "ORDERID#" + component("orderId", orderId);
        return new ItemKey(key, key);
    }

    public static String ordersByStatusPartition(String status) {
        return ORDER_PREFIX + status;
    }

    public static IndexKey ordersByStatus(String status, Instant createdAt, String orderId) {
        return new IndexKey(GSI1PK, ordersByStatusPartition(status), GSI1SK,
                time(createdAt) + "#" + component("orderId", orderId));
    }

    public static IndexKey orderLookup(String orderId) {
        String key = ORDER_PREFIX + component("orderId", orderId);
        return new IndexKey(GSI2PK, key, GSI2SK, key);
    }

    // shipments

    public static ItemKey shipment(String orderId) {
        String key = "SHIPMENT#" + component("orderId", orderId);
        return new ItemKey(key, key);
    }

    // forum

    public static ItemKey category(String categoryId) {
        String key = categoryPartition(categoryId);
        return new ItemKey(key, key);
    }

    public static IndexKey categoryListing(String categoryId) {
        return new IndexKey(GSI1PK, CATEGORIES_PARTITION, GSI1SK, component("categoryId", categoryId));
    }

    public static final String CATEGORIES_PARTITION = "FORUM#CATEGORIES";

    public static String categoryPartition(String categoryId) {
        return "CATEGORY#" + component("categoryId", categoryId);
    }

    public static ItemKey topic(String categoryId, String topicId) {
        return new ItemKey(categoryPartition(categoryId), TOPIC_PREFIX + component("topicId", topicId));
    }

    public static String topicPartition(String topicId) {
        return TOPIC_PREFIX + component("topicId", topicId);
    }

    public static ItemKey post(String topicId, Instant postedAt, String postId) {
        return new ItemKey(topicPartition(topicId), POST_PREFIX + time(postedAt) + "#" + component("postId", postId));
    }

    // account read model

    public static ItemKey accountSummary(String accountId) {
        return new ItemKey("ACCOUNT#" + component("accountId", accountId), SUMMARY);
    }

    public static String accountsByOwnerPartition(String ownerId) {
        return "OWNER#" + component("ownerId", ownerId);
    }

    public static IndexKey accountsByOwner(String ownerId, String accountId) {
        return new IndexKey(GSI1PK, accountsByOwnerPartition(ownerId), GSI1SK,
                "ACCOUNT#" + component("accountId", accountId));
    }

    // event store

    public static String stream(String aggregateType, String aggregateId) {
        return "AGG#" + component("aggregateType", aggregateType) + "#" + component("aggregateId", aggregateId);
    }

    /** The aggregate type and id of a stream key {@code AGG#type#id}. */
    public record StreamParts(String aggregateType, String aggregateId) {
    }

    public static StreamParts parseStream(String key) {
        String[] parts = key == null ? new String[0] : key.split("#", -1);
        if (parts.length != 3 || !parts[0].equals("AGG")) {
            throw new IllegalArgumentException("not a stream key: " + key);
        }
        return new StreamParts(component("aggregateType", parts[1]), component("aggregateId", parts[2]));
    }

    public static String event(long version) {
        if (version < 1 || version > 9_999_999_999L) {
            throw new IllegalArgumentException("event version out of range: " + version);
        }
        return String.format("%s%010d", EVENT_PREFIX, version);
    }

    public static long eventVersion(String sortKey) {
        if (!sortKey.startsWith(EVENT_PREFIX)) {
            throw new IllegalArgumentException("not an event sort key: " + sortKey);
        }
        return Long.parseLong(sortKey.substring(EVENT_PREFIX.length()));
    }

    public static ItemKey streamHead(String streamKey) {
        return new ItemKey(streamKey, HEAD);
    }

    public static ItemKey command(String streamKey, String commandId) {
        return new ItemKey(streamKey, "CMD#" + component("commandId", commandId));
    }

    public static String eventsByTypePartition(String eventType) {
        return "TYPE#" + component("eventType", eventType);
    }

    public static IndexKey eventsByType(String eventType, Instant recordedAt, String streamKey, long version) {
        return new IndexKey(GSI1PK, eventsByTypePartition(eventType), GSI1SK,
                time(recordedAt) + "#" + streamKey + "#" + String.format("%010d", version));
    }
}

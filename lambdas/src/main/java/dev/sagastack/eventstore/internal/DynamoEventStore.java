package dev.sagastack.eventstore.internal;

import dev.sagastack.dynamo.Cancellation;
import dev.sagastack.dynamo.Transactions;
import dev.sagastack.eventstore.AppendRequest;
import dev.sagastack.eventstore.AppendResult;
import dev.sagastack.eventstore.CommandConflict;
import dev.sagastack.eventstore.CommandRecord;
import dev.sagastack.eventstore.ConcurrencyConflict;
import dev.sagastack.eventstore.EventPage;
import dev.sagastack.eventstore.EventStore;
import dev.sagastack.eventstore.LoadedStream;
import dev.sagastack.eventstore.NewEvent;
import dev.sagastack.eventstore.PrerequisiteMissing;
import dev.sagastack.eventstore.Snapshot;
import dev.sagastack.eventstore.StoredEvent;
import dev.sagastack.eventstore.StreamId;
import dev.sagastack.keys.Keys;
import dev.sagastack.pagination.CursorScope;
import dev.sagastack.pagination.Page;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.pagination.PageRequest;
import dev.sagastack.pagination.QueryPages;
import dev.sagastack.schema.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sagastack.dynamo.Attributes.instant;
import static dev.sagastack.dynamo.Attributes.n;
import static dev.sagastack.dynamo.Attributes.number;
import static dev.sagastack.dynamo.Attributes.optionalNumber;
import static dev.sagastack.dynamo.Attributes.optionalString;
import static dev.sagastack.dynamo.Attributes.s;
import static dev.sagastack.eventstore.internal.EventItems.AGGREGATE_ID;
import static dev.sagastack.eventstore.internal.EventItems.AGGREGATE_TYPE;
import static dev.sagastack.eventstore.internal.EventItems.COMMAND_ID;
import static dev.sagastack.eventstore.internal.EventItems.EVENT_TYPE;
import static dev.sagastack.eventstore.internal.EventItems.FINGERPRINT;
import static dev.sagastack.eventstore.internal.EventItems.FIRST_VERSION;
import static dev.sagastack.eventstore.internal.EventItems.LAST_VERSION;
import static dev.sagastack.eventstore.internal.EventItems.PAYLOAD;
import static dev.sagastack.eventstore.internal.EventItems.RECORDED_AT;
import static dev.sagastack.eventstore.internal.EventItems.RESULT;
import static dev.sagastack.eventstore.internal.EventItems.SNAPSHOT_STATE;
import static dev.sagastack.eventstore.internal.EventItems.SNAPSHOT_VERSION;
import static dev.sagastack.eventstore.internal.EventItems.VERSION;

/**
 * The event store on DynamoDB. Per stream partition {@code AGG#type#id}:
 * {@code CMD#id} markers sort before {@code EVT#0000000001..}, which sort before {@code HEAD}.
 * A load is therefore one descending Query from HEAD down to the snapshot the head carries.
 */
public final class DynamoEventStore implements EventStore {

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    public DynamoEventStore(DynamoDbClient client, String table, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public AppendResult append(AppendRequest request) {
        StreamId stream = request.stream();
        String streamKey = stream.key();
        Instant now = clock.instant();
        long first = request.expectedVersion() + 1;
        long last = request.expectedVersion() + request.events().size();

        List<TransactWriteItem> actions = new ArrayList<>();
        for (int i = 0; i < request.events().size(); i++) {
            actions.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(eventItem(stream, first + i, request.events().get(i), now, request.command()))
                    .conditionExpression("attribute_not_exists(PK)").build()).build());
        }
        int headIndex = -1;
        if (!request.events().isEmpty()) {
            headIndex = actions.size();
            actions.add(headAction(request, last, now));
        }
        int commandIndex = -1;
        if (request.command().isPresent()) {
            commandIndex = actions.size();
            actions.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(commandItem(streamKey, request.command().get(), first, last, now))
                    .conditionExpression("attribute_not_exists(PK)").build()).build());
        }
        int prerequisiteIndex = -1;
        if (request.prerequisite().isPresent()) {
            prerequisiteIndex = actions.size();
            actions.add(prerequisiteCheck(streamKey, request.prerequisite().get()));
        }
        try {
            if (actions.size() == 1) {
                // only a command claim: a plain conditional put is enough
                client.putItem(PutItemRequest.builder().tableName(table)
                        .item(actions.get(0).put().item())
                        .conditionExpression("attribute_not_exists(PK)").build());
            } else {
                Transactions.write(client, TransactWriteItemsRequest.builder().transactItems(actions).build());
            }
            return new AppendResult(stream, first, last, false, request.command().flatMap(AppendRequest.Command::result));
        } catch (ConditionalCheckFailedException e) {
            return duplicate(request);
        } catch (TransactionCanceledException e) {
            Cancellation reasons = Cancellation.of(e);
            if (commandIndex >= 0 && reasons.conditionFailedAt(commandIndex)) {
                return duplicate(request);
            }
            if (prerequisiteIndex >= 0 && reasons.conditionFailedAt(prerequisiteIndex)) {
                throw new PrerequisiteMissing(stream, request.prerequisite().get());
            }
            if (reasons.anyConditionFailed()) {
                // the head's refused condition returned the head as it is (ALL_OLD): no read needed
                Optional<Map<String, AttributeValue>> head = reasons.itemAt(headIndex);
                if (head.isPresent()) {
                    throw new ConcurrencyConflict(stream, request.expectedVersion(), number(head.get(), VERSION),
                            headSnapshot(head.get()));
                }
                throw new ConcurrencyConflict(stream, request.expectedVersion(), currentVersion(stream));
            }
            throw e;
        }
    }

    private AppendResult duplicate(AppendRequest request) {
        AppendRequest.Command command = request.command().orElseThrow();
        CommandRecord existing = findCommand(request.stream(), command.commandId())
                .orElseThrow(() -> new IllegalStateException("command marker " + command.commandId() + " vanished"));
        if (!existing.fingerprint().equals(command.fingerprint())) {
            throw new CommandConflict(request.stream(), command.commandId());
        }
        return new AppendResult(request.stream(), existing.firstVersion(), existing.lastVersion(), true,
                existing.result());
    }

    private Map<String, AttributeValue> eventItem(StreamId stream, long version, NewEvent event, Instant now,
                                                  Optional<AppendRequest.Command> command) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Tables.PK, s(stream.key()));
        item.put(Tables.SK, s(Keys.event(version)));
        item.put(Tables.ENTITY_TYPE, s(EventItems.EVENT));
        item.put(AGGREGATE_TYPE, s(stream.aggregateType()));
        item.put(AGGREGATE_ID, s(stream.aggregateId()));
        item.put(VERSION, n(version));
        item.put(EVENT_TYPE, s(event.type()));
        item.put(PAYLOAD, s(event.payload()));
        item.put(RECORDED_AT, instant(now));
        command.ifPresent(c -> item.put(COMMAND_ID, s(c.commandId())));
        Keys.eventsByType(event.type(), now, stream.key(), version).addTo(item);
        return item;
    }

    private TransactWriteItem headAction(AppendRequest request, long newVersion, Instant now) {
        StreamId stream = request.stream();
        Optional<Snapshot> snapshot = request.snapshot();
        if (request.expectedVersion() == 0) {
            Map<String, AttributeValue> item = Keys.streamHead(stream.key()).toMap();
            item.put(Tables.ENTITY_TYPE, s(EventItems.HEAD));
            item.put(AGGREGATE_TYPE, s(stream.aggregateType()));
            item.put(AGGREGATE_ID, s(stream.aggregateId()));
            item.put(VERSION, n(newVersion));
            item.put("updatedAt", instant(now));
            snapshot.ifPresent(snap -> {
                item.put(SNAPSHOT_VERSION, n(snap.version()));
                item.put(SNAPSHOT_STATE, s(snap.state()));
            });
            return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(PK)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();
        }
        StringBuilder update = new StringBuilder("SET #version = :new, updatedAt = :now");
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":new", n(newVersion), ":expected", n(request.expectedVersion()), ":now", instant(now)));
        snapshot.ifPresent(snap -> {
            update.append(", ").append(SNAPSHOT_VERSION).append(" = :snapVersion, ")
                    .append(SNAPSHOT_STATE).append(" = :snapState");
            values.put(":snapVersion", n(snap.version()));
            values.put(":snapState", s(snap.state()));
        });
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Keys.streamHead(stream.key()).toMap())
                .updateExpression(update.toString())
                .conditionExpression("#version = :expected")
                .expressionAttributeNames(Map.of("#version", VERSION))
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();
    }

    /** The earlier command's marker must be there with the same fingerprint (markers never change). */
    private TransactWriteItem prerequisiteCheck(String streamKey, AppendRequest.Prerequisite prerequisite) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(Keys.command(streamKey, prerequisite.commandId()).toMap())
                .conditionExpression("#fingerprint = :fingerprint")
                .expressionAttributeNames(Map.of("#fingerprint", FINGERPRINT))
                .expressionAttributeValues(Map.of(":fingerprint", s(prerequisite.fingerprint()))).build()).build();
    }

    private Map<String, AttributeValue> commandItem(String streamKey, AppendRequest.Command command,
                                                    long first, long last, Instant now) {
        Map<String, AttributeValue> item = Keys.command(streamKey, command.commandId()).toMap();
        item.put(Tables.ENTITY_TYPE, s(EventItems.COMMAND));
        item.put(COMMAND_ID, s(command.commandId()));
        item.put(FIRST_VERSION, n(first));
        item.put(LAST_VERSION, n(last));
        item.put(FINGERPRINT, s(command.fingerprint()));
        item.put(RECORDED_AT, instant(now));
        command.result().ifPresent(r -> item.put(RESULT, s(r)));
        return item;
    }

    @Override
    public LoadedStream load(StreamId stream, int firstPageLimit) {
        if (firstPageLimit < 2) {
            throw new IllegalArgumentException("firstPageLimit must cover the head and one event");
        }
        QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("PK = :pk AND SK BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", s(stream.key()),
                        ":from", s(Keys.EVENT_PREFIX), ":to", s(Keys.HEAD)))
                .scanIndexForward(false)
                .consistentRead(true)
                .limit(firstPageLimit);
        QueryResponse page = client.query(query.build());
        List<Map<String, AttributeValue>> items = page.items();
        if (items.isEmpty() || !Keys.HEAD.equals(items.get(0).get(Tables.SK).s())) {
            return new LoadedStream(stream, 0, Optional.empty(), List.of());
        }
        Map<String, AttributeValue> head = items.get(0);
        long version = number(head, VERSION);
        Optional<Snapshot> snapshot = headSnapshot(head);
        long stopAfter = snapshot.map(Snapshot::version).orElse(0L);

        List<StoredEvent> descending = new ArrayList<>();
        boolean done = collect(items.subList(1, items.size()), stopAfter, descending);
        Map<String, AttributeValue> lastKey = page.lastEvaluatedKey();
        while (!done && lastKey != null && !lastKey.isEmpty()) {
            // no snapshot within the first page: read the rest without a limit
            page = client.query(query.limit(null).exclusiveStartKey(lastKey).build());
            done = collect(page.items(), stopAfter, descending);
            lastKey = page.lastEvaluatedKey();
        }
        Collections.reverse(descending);
        return new LoadedStream(stream, version, snapshot, descending);
    }

    private static Optional<Snapshot> headSnapshot(Map<String, AttributeValue> head) {
        return optionalNumber(head, SNAPSHOT_VERSION)
                .map(v -> new Snapshot(v, optionalString(head, SNAPSHOT_STATE).orElseThrow()));
    }

    /** Adds events newer than {@code stopAfter}; true once the event right after it was reached. */
    private static boolean collect(List<Map<String, AttributeValue>> items, long stopAfter, List<StoredEvent> into) {
        for (Map<String, AttributeValue> item : items) {
            StoredEvent event = EventItems.event(item);
            if (event.version() <= stopAfter) {
                return true;
            }
            into.add(event);
            if (event.version() == stopAfter + 1) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<StoredEvent> read(StreamId stream, long fromVersion, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        List<StoredEvent> events = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("PK = :pk AND SK BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(":pk", s(stream.key()),
                            ":from", s(Keys.event(Math.max(1, fromVersion))), ":to", s(Keys.event(9_999_999_999L))))
                    .consistentRead(true)
                    .limit(limit - events.size());
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse response = client.query(query.build());
            response.items().forEach(item -> events.add(EventItems.event(item)));
            start = response.lastEvaluatedKey();
        } while (events.size() < limit && start != null && !start.isEmpty());
        return events;
    }

    @Override
    public Page<StoredEvent> readPage(StreamId stream, PageRequest page, PageCursors cursors) {
        CursorScope scope = new CursorScope(table, Optional.empty(), Tables.PK, stream.key(), true,
                List.of(Tables.PK, Tables.SK));
        QueryRequest query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("PK = :pk AND SK BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", s(stream.key()),
                        ":from", s(Keys.event(1)), ":to", s(Keys.event(9_999_999_999L))))
                .scanIndexForward(true)
                .consistentRead(true).build();
        return new QueryPages(client, cursors).page(scope, query, page).map(EventItems::event);
    }

    @Override
    public long currentVersion(StreamId stream) {
        Map<String, AttributeValue> head = client.getItem(GetItemRequest.builder().tableName(table)
                .key(Keys.streamHead(stream.key()).toMap()).consistentRead(true).build()).item();
        return head == null || head.isEmpty() ? 0 : number(head, VERSION);
    }

    @Override
    public Optional<CommandRecord> findCommand(StreamId stream, String commandId) {
        Map<String, AttributeValue> item = client.getItem(GetItemRequest.builder().tableName(table)
                .key(Keys.command(stream.key(), commandId).toMap()).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(EventItems.command(item));
    }

    @Override
    public EventPage readByType(String eventType, Optional<String> position, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1..1000");
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s(Keys.eventsByTypePartition(eventType)));
        String condition = "GSI1PK = :pk";
        if (position.isPresent()) {
            condition += " AND GSI1SK > :position";
            values.put(":position", s(position.get()));
        }
        List<Map<String, AttributeValue>> items = client.query(QueryRequest.builder().tableName(table)
                .indexName(Tables.GSI1)
                .keyConditionExpression(condition)
                .expressionAttributeValues(values)
                .limit(limit).build()).items();
        List<StoredEvent> events = items.stream().map(EventItems::event).toList();
        Optional<String> next = items.isEmpty() ? position
                : Optional.of(items.get(items.size() - 1).get(Tables.GSI1SK).s());
        return new EventPage(events, next);
    }
}

package dev.sagastack.forum.internal;

import dev.sagastack.dynamo.Cancellation;
import dev.sagastack.dynamo.Transactions;
import dev.sagastack.forum.Category;
import dev.sagastack.forum.CategoryExists;
import dev.sagastack.forum.Forum;
import dev.sagastack.forum.ForumNotFound;
import dev.sagastack.forum.InvalidForumInput;
import dev.sagastack.forum.Post;
import dev.sagastack.forum.PostOrder;
import dev.sagastack.forum.Topic;
import dev.sagastack.keys.ItemKey;
import dev.sagastack.keys.Keys;
import dev.sagastack.keys.TimeOrderedIds;
import dev.sagastack.pagination.CursorScope;
import dev.sagastack.pagination.Page;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.pagination.PageRequest;
import dev.sagastack.pagination.QueryPages;
import dev.sagastack.schema.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sagastack.dynamo.Attributes.instant;
import static dev.sagastack.dynamo.Attributes.n;
import static dev.sagastack.dynamo.Attributes.number;
import static dev.sagastack.dynamo.Attributes.optionalString;
import static dev.sagastack.dynamo.Attributes.s;
import static dev.sagastack.dynamo.Attributes.string;

/** The forum in the single table; counters move in the same transaction as the item they count. */
public final class DynamoForum implements Forum {

    private static final String CATEGORY = "ForumCategory";
    private static final String TOPIC = "ForumTopic";
    private static final String POST = "ForumPost";

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;
    private final TimeOrderedIds ids;
    private final QueryPages pages;

    public DynamoForum(DynamoDbClient client, String table, PageCursors cursors, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
        this.ids = new TimeOrderedIds(clock);
        this.pages = new QueryPages(client, cursors);
    }

    @Override
    public Category createCategory(String categoryId, String name) {
        String validName = text("name", name, 100);
        Instant now = clock.instant();
        Map<String, AttributeValue> item = Keys.category(categoryId).toMap();
        item.put(Tables.ENTITY_TYPE, s(CATEGORY));
        item.put("categoryId", s(categoryId));
        item.put("name", s(validName));
        item.put("topicCount", n(0));
        item.put("postCount", n(0));
        item.put("createdAt", instant(now));
        Keys.categoryListing(categoryId).addTo(item);
        try {
            client.putItem(PutItemRequest.builder().tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(PK)").build());
        } catch (ConditionalCheckFailedException e) {
            throw new CategoryExists(categoryId);
        }
        return category(item);
    }

    @Override
    public Topic createTopic(String categoryId, String title, String authorId) {
        String validTitle = text("title", title, 200);
        Keys.component("authorId", authorId);
        String topicId = ids.next();
        Instant now = TimeOrderedIds.timeOf(topicId);
        Map<String, AttributeValue> item = Keys.topic(categoryId, topicId).toMap();
        item.put(Tables.ENTITY_TYPE, s(TOPIC));
        item.put("categoryId", s(categoryId));
        item.put("topicId", s(topicId));
        item.put("title", s(validTitle));
        item.put("authorId", s(authorId));
        item.put("postCount", n(0));
        item.put("createdAt", instant(now));
        try {
            Transactions.write(client, TransactWriteItemsRequest.builder().transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                            .conditionExpression("attribute_not_exists(PK)").build()).build(),
                    counter(Keys.category(categoryId), "topicCount", 1, Optional.empty())
            ).build());
        } catch (TransactionCanceledException e) {
            if (Cancellation.of(e).conditionFailedAt(1)) {
                throw new ForumNotFound("category not found: " + categoryId);
            }
            throw e;
        }
        return topic(item);
    }

    @Override
    public Post addPost(String categoryId, String topicId, String authorId, String body) {
        String validBody = text("body", body, 10_000);
        Keys.component("authorId", authorId);
        String postId = ids.next();
        Instant postedAt = TimeOrderedIds.timeOf(postId);
        Map<String, AttributeValue> item = Keys.post(topicId, postedAt, postId).toMap();
        item.put(Tables.ENTITY_TYPE, s(POST));
        item.put("categoryId", s(categoryId));
        item.put("topicId", s(topicId));
        item.put("postId", s(postId));
        item.put("authorId", s(authorId));
        item.put("body", s(validBody));
        item.put("postedAt", instant(postedAt));
        try {
            Transactions.write(client, TransactWriteItemsRequest.builder().transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                            .conditionExpression("attribute_not_exists(PK)").build()).build(),
                    counter(Keys.topic(categoryId, topicId), "postCount", 1, Optional.of(postedAt)),
                    counter(Keys.category(categoryId), "postCount", 1, Optional.empty())
            ).build());
        } catch (TransactionCanceledException e) {
            Cancellation reasons = Cancellation.of(e);
            if (reasons.conditionFailedAt(1) || reasons.conditionFailedAt(2)) {
                throw new ForumNotFound("topic not found: " + categoryId + "/" + topicId);
            }
            throw e;
        }
        return post(item);
    }

    @Override
    public boolean deletePost(String categoryId, String topicId, String postId) {
        Instant postedAt;
        try {
            postedAt = TimeOrderedIds.timeOf(postId);
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Transactions.write(client, TransactWriteItemsRequest.builder().transactItems(
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                            .key(Keys.post(topicId, postedAt, postId).toMap())
                            .conditionExpression("attribute_exists(PK) AND categoryId = :category")
                            .expressionAttributeValues(Map.of(":category", s(categoryId))).build()).build(),
                    counter(Keys.topic(categoryId, topicId), "postCount", -1, Optional.empty()),
                    counter(Keys.category(categoryId), "postCount", -1, Optional.empty())
            ).build());
            return true;
        } catch (TransactionCanceledException e) {
            if (Cancellation.of(e).conditionFailedAt(0)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<Category> category(String categoryId) {
        return get(Keys.category(categoryId)).map(DynamoForum::category);
    }

    @Override
    public Optional<Topic> topic(String categoryId, String topicId) {
        return get(Keys.topic(categoryId, topicId)).map(DynamoForum::topic);
    }

    @Override
    public Page<Category> categories(PageRequest page) {
        CursorScope scope = new CursorScope(table, Optional.of(Tables.GSI1), Tables.GSI1PK, Keys.CATEGORIES_PARTITION,
                true, List.of(Tables.PK, Tables.SK, Tables.GSI1PK, Tables.GSI1SK));
        QueryRequest query = QueryRequest.builder().tableName(table).indexName(Tables.GSI1)
                .keyConditionExpression("GSI1PK = :pk")
                .expressionAttributeValues(Map.of(":pk", s(Keys.CATEGORIES_PARTITION)))
                .scanIndexForward(true).build();
        return pages.page(scope, query, page).map(DynamoForum::category);
    }

    @Override
    public Page<Topic> topics(String categoryId, PageRequest page) {
        String partition = Keys.categoryPartition(categoryId);
        CursorScope scope = new CursorScope(table, Optional.empty(), Tables.PK, partition, false,
                List.of(Tables.PK, Tables.SK));
        QueryRequest query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :topics)")
                .expressionAttributeValues(Map.of(":pk", s(partition), ":topics", s(Keys.TOPIC_PREFIX)))
                .scanIndexForward(false).build();
        return pages.page(scope, query, page).map(DynamoForum::topic);
    }

    @Override
    public Page<Post> posts(String categoryId, String topicId, PostOrder order, PageRequest page) {
        String partition = Keys.topicPartition(topicId);
        boolean ascending = order == PostOrder.OLDEST_FIRST;
        CursorScope scope = new CursorScope(table, Optional.empty(), Tables.PK, partition, ascending,
                List.of(Tables.PK, Tables.SK));
        QueryRequest query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :posts)")
                .expressionAttributeValues(Map.of(":pk", s(partition), ":posts", s(Keys.POST_PREFIX)))
                .scanIndexForward(ascending).build();
        return pages.page(scope, query, page).map(DynamoForum::post);
    }

    /** An increment of a counter on an item that must exist; optionally stamps the last post time. */
    private TransactWriteItem counter(ItemKey key, String attribute, long delta, Optional<Instant> lastPostAt) {
        String update = "ADD #counter :delta" + (lastPostAt.isPresent() ? " SET lastPostAt = :last" : "");
        Map<String, AttributeValue> values = lastPostAt.isPresent()
                ? Map.of(":delta", n(delta), ":last", instant(lastPostAt.get()))
                : Map.of(":delta", n(delta));
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key.toMap())
                .updateExpression(update)
                .conditionExpression("attribute_exists(PK)")
                .expressionAttributeNames(Map.of("#counter", attribute))
                .expressionAttributeValues(values).build()).build();
    }

    private Optional<Map<String, AttributeValue>> get(ItemKey key) {
        Map<String, AttributeValue> item = client.getItem(GetItemRequest.builder().tableName(table)
                .key(key.toMap()).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private static String text(String what, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw new InvalidForumInput(what + " must be 1-" + max + " characters");
        }
        return value.strip();
    }

    private static Category category(Map<String, AttributeValue> item) {
        return new Category(string(item, "categoryId"), string(item, "name"), number(item, "topicCount"),
                number(item, "postCount"), Instant.parse(string(item, "createdAt")));
    }

    private static Topic topic(Map<String, AttributeValue> item) {
        return new Topic(string(item, "categoryId"), string(item, "topicId"), string(item, "title"),
                string(item, "authorId"), number(item, "postCount"), Instant.parse(string(item, "createdAt")),
                optionalString(item, "lastPostAt").map(Instant::parse));
    }

    private static Post post(Map<String, AttributeValue> item) {
        return new Post(string(item, "categoryId"), string(item, "topicId"), string(item, "postId"),
                string(item, "authorId"), string(item, "body"), Instant.parse(string(item, "postedAt")));
    }
}

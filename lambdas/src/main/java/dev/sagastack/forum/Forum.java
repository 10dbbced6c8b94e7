package dev.sagastack.forum;

import dev.sagastack.forum.internal.DynamoForum;
import dev.sagastack.pagination.Page;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.pagination.PageRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.Optional;

/**
 * Categories hold topics, topics hold posts. Creating a topic or post (or deleting a post) updates
 * the counters of its topic and category in the same transaction, so counts never drift.
 */
public interface Forum {

    static Forum create(DynamoDbClient client, String tableName, PageCursors cursors, Clock clock) {
        return new DynamoForum(client, tableName, cursors, clock);
    }

    /** @throws CategoryExists */
    Category createCategory(String categoryId, String name);

    /** @throws ForumNotFound when the category does not exist */
    Topic createTopic(String categoryId, String title, String authorId);

    /** @throws ForumNotFound when the topic does not exist */
    Post addPost(String categoryId, String topicId, String authorId, String body);

    /** @return false when there was no such post */
    boolean deletePost(String categoryId, String topicId, String postId);

    Optional<Category> category(String categoryId);

    Optional<Topic> topic(String categoryId, String topicId);

    /** Categories by id. */
    Page<Category> categories(PageRequest page);

    /** Topics of a category, newest first. */
    Page<Topic> topics(String categoryId, PageRequest page);

    /** @throws dev.sagastack.pagination.InvalidCursor for a cursor of another listing or order */
    Page<Post> posts(String categoryId, String topicId, PostOrder order, PageRequest page);
}

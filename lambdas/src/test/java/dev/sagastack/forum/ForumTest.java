package dev.sagastack.forum;

import dev.sagastack.dynamo.LocalDynamoDb;
import dev.sagastack.pagination.InvalidCursor;
import dev.sagastack.pagination.Page;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.pagination.PageRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForumTest {

    @RegisterExtension
    static final LocalDynamoDb DYNAMO = new LocalDynamoDb();

    private final TickingClock clock = new TickingClock(Instant.parse("2026-03-01T12:00:00Z"));
    private Forum forum;

    @BeforeEach
    void setUp() {
        forum = Forum.create(DYNAMO.client(), DYNAMO.createTables().singleTable(),
                new PageCursors(() -> "a-test-key-of-thirty-two-bytes!!".getBytes()), clock);
        forum.createCategory("java", "Java");
    }

    private List<String> bodies(Topic topic, PostOrder order, int pageSize) {
        List<String> bodies = new ArrayList<>();
        Page<Post> page = forum.posts("java", topic.topicId(), order, PageRequest.first(pageSize));
        bodies.addAll(page.items().stream().map(Post::body).toList());
        while (page.nextCursor().isPresent()) {
            page = forum.posts("java", topic.topicId(), order, PageRequest.after(pageSize, page.nextCursor().get()));
            bodies.addAll(page.items().stream().map(Post::body).toList());
        }
        return bodies;
    }

    @Test
    void postsAreListedNewestFirstAndOldestFirstAcrossPages() {
        Topic topic = forum.createTopic("java", "Records", "u-1");
        for (int i = 0; i < 5; i++) {
            forum.addPost("java", topic.topicId(), "u-1", "post " + i);
        }

        assertThat(bodies(topic, PostOrder.NEWEST_FIRST, 2)).containsExactly("post 4", "post 3", "post 2", "post 1", "post 0");
        assertThat(bodies(topic, PostOrder.OLDEST_FIRST, 2)).containsExactly("post 0", "post 1", "post 2", "post 3", "post 4");
    }

    @Test
    void countersFollowTopicsAndPostsIncludingDeletes() {
        Topic a = forum.createTopic("java", "A", "u-1");
        Topic b = forum.createTopic("java", "B", "u-2");
        forum.addPost("java", a.topicId(), "u-1", "1");
        forum.addPost("java", a.topicId(), "u-2", "2");
        Post last = forum.addPost("java", b.topicId(), "u-1", "3");

        assertThat(forum.deletePost("java", b.topicId(), last.postId())).isTrue();
        assertThat(forum.deletePost("java", b.topicId(), last.postId())).isFalse();

        Category category = forum.category("java").orElseThrow();
        assertThat(category.topicCount()).isEqualTo(2);
        assertThat(category.postCount()).isEqualTo(2);
        assertThat(forum.topic("java", a.topicId()).orElseThrow().postCount()).isEqualTo(2);
        assertThat(forum.topic("java", b.topicId()).orElseThrow().postCount()).isZero();
        assertThat(forum.topics("java", PageRequest.first(10)).items()).extracting(Topic::title).containsExactly("B", "A");
    }

    @Test
    void concurrentPostsKeepCountersExact() throws Exception {
        Topic topic = forum.createTopic("java", "Busy", "u-1");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Post>> posts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            posts.add(pool.submit(() -> forum.addPost("java", topic.topicId(), "u-" + n, "post " + n)));
        }
        for (Future<Post> post : posts) {
            post.get();
        }
        pool.shutdown();

        assertThat(forum.topic("java", topic.topicId()).orElseThrow().postCount()).isEqualTo(20);
        assertThat(forum.category("java").orElseThrow().postCount()).isEqualTo(20);
        assertThat(bodies(topic, PostOrder.OLDEST_FIRST, 100)).hasSize(20);
    }

    @Test
    void writesIntoMissingParentsAreRefusedAndLeaveNothing() {
        assertThatThrownBy(() -> forum.createTopic("nope", "T", "u-1")).isInstanceOf(ForumNotFound.class);
        assertThatThrownBy(() -> forum.addPost("java", "01NOTOPIC", "u-1", "x")).isInstanceOf(ForumNotFound.class);
        assertThatThrownBy(() -> forum.createCategory("java", "Again")).isInstanceOf(CategoryExists.class);
        assertThatThrownBy(() -> forum.addPost("java", "01NOTOPIC", "u-1", " ")).isInstanceOf(InvalidForumInput.class);
        assertThat(forum.category("java").orElseThrow().postCount()).isZero();
        assertThat(forum.topics("java", PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void forgedForeignOrReversedCursorsAreRejected() {
        Topic topic = forum.createTopic("java", "T", "u-1");
        Topic other = forum.createTopic("java", "U", "u-1");
        for (int i = 0; i < 3; i++) {
            forum.addPost("java", topic.topicId(), "u-1", "p" + i);
            forum.addPost("java", other.topicId(), "u-1", "q" + i);
        }
        String cursor = forum.posts("java", topic.topicId(), PostOrder.NEWEST_FIRST, PageRequest.first(1))
                .nextCursor().orElseThrow();
        String payload = cursor.substring(0, cursor.indexOf('.'));
        String json = new String(Base64.getUrlDecoder().decode(payload));
        String forgedPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(json.replace(topic.topicId(), other.topicId()).getBytes());
        String forged = forgedPayload + cursor.substring(cursor.indexOf('.'));

        assertThatThrownBy(() -> forum.posts("java", topic.topicId(), PostOrder.NEWEST_FIRST, PageRequest.after(1, forged)))
                .isInstanceOf(InvalidCursor.class);
        assertThatThrownBy(() -> forum.posts("java", other.topicId(), PostOrder.NEWEST_FIRST, PageRequest.after(1, cursor)))
                .isInstanceOf(InvalidCursor.class);
        assertThatThrownBy(() -> forum.posts("java", topic.topicId(), PostOrder.OLDEST_FIRST, PageRequest.after(1, cursor)))
                .isInstanceOf(InvalidCursor.class);
        assertThatThrownBy(() -> forum.posts("java", topic.topicId(), PostOrder.NEWEST_FIRST, PageRequest.after(1, "garbage")))
                .isInstanceOf(InvalidCursor.class);
        assertThat(forum.posts("java", topic.topicId(), PostOrder.NEWEST_FIRST, PageRequest.after(1, cursor)).items())
                .extracting(Post::body).containsExactly("p1");
    }

    @Test
    void categoriesAreListed() {
        forum.createCategory("go", "Go");

        assertThat(forum.categories(PageRequest.first(10)).items()).extracting(Category::categoryId).containsExactly("go", "java");
    }

    /** Each reading moves one millisecond on, so posts get distinct, increasing times. */
    static final class TickingClock extends Clock {
        private Instant now;

        TickingClock(Instant start) {
            this.now = start;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            now = now.plusMillis(1);
            return now;
        }

        @Override
        public long millis() {
            return instant().toEpochMilli();
        }
    }
}

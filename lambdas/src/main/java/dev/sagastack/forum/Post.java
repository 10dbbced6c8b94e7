package dev.sagastack.forum;

import java.time.Instant;

/** A post; {@code postId} is time-ordered and encodes {@code postedAt}. */
public record Post(String categoryId, String topicId, String postId, String authorId, String body, Instant postedAt) {
}

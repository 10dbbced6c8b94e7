package dev.sagastack.forum;

import java.time.Instant;
import java.util.Optional;

public record Topic(String categoryId, String topicId, String title, String authorId, long postCount,
                    Instant createdAt, Optional<Instant> lastPostAt) {
}

package dev.sagastack.forum;

import java.time.Instant;

/** A forum category with its counters, kept in step with its topics and posts transactionally. */
public record Category(String categoryId, String name, long topicCount, long postCount, Instant createdAt) {
}

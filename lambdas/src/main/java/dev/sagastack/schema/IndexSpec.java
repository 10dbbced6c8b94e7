package dev.sagastack.schema;

import java.util.List;
import java.util.Optional;

/**
 * A global secondary index as the application queries it.
 *
 * @param nonKeyAttributes only for {@link Projection#INCLUDE}
 */
public record IndexSpec(String name, KeyAttribute partitionKey, Optional<KeyAttribute> sortKey,
                        Projection projection, List<String> nonKeyAttributes) {

    /** DynamoDB index projection types. */
    public enum Projection { KEYS_ONLY, INCLUDE, ALL }

    public IndexSpec {
        nonKeyAttributes = List.copyOf(nonKeyAttributes);
        if (projection != Projection.INCLUDE && !nonKeyAttributes.isEmpty()) {
            throw new IllegalArgumentException("nonKeyAttributes only apply to INCLUDE projections");
        }
    }

    public static IndexSpec all(String name, KeyAttribute partitionKey, KeyAttribute sortKey) {
        return new IndexSpec(name, partitionKey, Optional.of(sortKey), Projection.ALL, List.of());
    }
}

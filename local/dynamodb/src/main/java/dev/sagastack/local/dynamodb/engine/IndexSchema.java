package dev.sagastack.local.dynamodb.engine;

import java.util.List;
import java.util.Optional;

/** A global or local secondary index definition. */
public record IndexSchema(
        String name,
        boolean global,
        KeyAttribute hashKey,
        Optional<KeyAttribute> rangeKey,
        ProjectionType projectionType,
        List<String> nonKeyAttributes,
        Optional<Throughput> throughput) {

    public enum ProjectionType { ALL, KEYS_ONLY, INCLUDE }

    public IndexSchema {
        nonKeyAttributes = List.copyOf(nonKeyAttributes);
    }

    /** Provisioned capacity as given; accepted and reported, never enforced. */
    public record Throughput(long readCapacityUnits, long writeCapacityUnits) {
    }
}

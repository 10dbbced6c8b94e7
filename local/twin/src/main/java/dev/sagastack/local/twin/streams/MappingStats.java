package dev.sagastack.local.twin.streams;

/** Counters of one event source mapping, for the console. */
public record MappingStats(String tableName, String functionName, String streamArn, int activeShards,
                           int finishedShards, long batches, long recordsDelivered, long recordsFiltered) {
}

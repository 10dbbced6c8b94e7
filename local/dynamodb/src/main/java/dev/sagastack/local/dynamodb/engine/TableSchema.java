package dev.sagastack.local.dynamodb.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A table's definition and settings; immutable, replaced whole by UpdateTable and UpdateTimeToLive. */
public record TableSchema(
        String name,
        String id,
        Instant creationTime,
        KeyAttribute hashKey,
        Optional<KeyAttribute> rangeKey,
        List<KeyAttribute> attributeDefinitions,
        boolean payPerRequest,
        Optional<IndexSchema.Throughput> throughput,
        List<IndexSchema> globalIndexes,
        List<IndexSchema> localIndexes,
        Optional<StreamSettings> stream,
        Optional<String> ttlAttribute,
        boolean deletionProtection) {

    public static final String ACCOUNT = "000000000000";
    public static final String REGION = "us-east-1";

    public TableSchema {
        attributeDefinitions = List.copyOf(attributeDefinitions);
        globalIndexes = List.copyOf(globalIndexes);
        localIndexes = List.copyOf(localIndexes);
    }

    /** The current stream of the table: view type, label and ARN. */
    public record StreamSettings(String viewType, String label, String arn) {
    }

    public String arn() {
        return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + name;
    }

    public Optional<IndexSchema> index(String indexName) {
        for (IndexSchema i : globalIndexes) {
            if (i.name().equals(indexName)) {
                return Optional.of(i);
            }
        }
        for (IndexSchema i : localIndexes) {
            if (i.name().equals(indexName)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    public List<IndexSchema> allIndexes() {
        List<IndexSchema> all = new ArrayList<>(globalIndexes);
        all.addAll(localIndexes);
        return all;
    }

    public boolean isKeyAttribute(String attribute) {
        return hashKey.name().equals(attribute) || rangeKey.map(k -> k.name().equals(attribute)).orElse(false);
    }

    public Optional<KeyAttribute> definition(String attribute) {
        for (KeyAttribute a : attributeDefinitions) {
            if (a.name().equals(attribute)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public TableSchema withGlobalIndexes(List<IndexSchema> indexes, List<KeyAttribute> definitions) {
        return new TableSchema(name, id, creationTime, hashKey, rangeKey, definitions, payPerRequest, throughput,
                indexes, localIndexes, stream, ttlAttribute, deletionProtection);
    }

    public TableSchema withStream(Optional<StreamSettings> newStream) {
        return new TableSchema(name, id, creationTime, hashKey, rangeKey, attributeDefinitions, payPerRequest,
                throughput, globalIndexes, localIndexes, newStream, ttlAttribute, deletionProtection);
    }

    public TableSchema withTtl(Optional<String> attribute) {
        return new TableSchema(name, id, creationTime, hashKey, rangeKey, attributeDefinitions, payPerRequest,
                throughput, globalIndexes, localIndexes, stream, attribute, deletionProtection);
    }

    public TableSchema withBilling(boolean onDemand, Optional<IndexSchema.Throughput> newThroughput) {
        return new TableSchema(name, id, creationTime, hashKey, rangeKey, attributeDefinitions, onDemand,
                newThroughput, globalIndexes, localIndexes, stream, ttlAttribute, deletionProtection);
    }

    public TableSchema withDeletionProtection(boolean enabled) {
        return new TableSchema(name, id, creationTime, hashKey, rangeKey, attributeDefinitions, payPerRequest,
                throughput, globalIndexes, localIndexes, stream, ttlAttribute, enabled);
    }
}

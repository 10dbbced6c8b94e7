package dev.sagastack.local.dynamodb.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        boolean deletionProtection,
        Map<String, String> tags) {

    public static final String ACCOUNT = "000000000000";
    public static final String REGION = "us-east-1";

    public TableSchema {
        attributeDefinitions = List.copyOf(attributeDefinitions);
        globalIndexes = List.copyOf(globalIndexes);
        localIndexes = List.copyOf(localIndexes);
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags)); // ListTagsOfResource keeps tagging order
    }

    /** A schema without tags. */
    public TableSchema(String name, String id, Instant creationTime, KeyAttribute hashKey,
            Optional<KeyAttribute> rangeKey, List<KeyAttribute> attributeDefinitions, boolean payPerRequest,
            Optional<IndexSchema.Throughput> throughput, List<IndexSchema> globalIndexes,
            List<IndexSchema> localIndexes, Optional<StreamSettings> stream, Optional<String> ttlAttribute,
            boolean deletionProtection) {
        this(name, id, creationTime, hashKey, rangeKey, attributeDefinitions, payPerRequest, throughput,
                globalIndexes, localIndexes, stream, ttlAttribute, deletionProtection, Map.of());
    }

    /**
     * The table name in a table ARN ({@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME}), which
     * DynamoDB accepts wherever a table name is accepted; empty when {@code arn} is not one.
     */
    public static Optional<String> nameInArn(String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return Optional.empty();
        }
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("dynamodb") || !parts[5].startsWith("table/")) {
            return Optional.empty();
        }
        String name = parts[5].substring("table/".length());
        return name.isEmpty() || name.contains("/") ? Optional.empty() : Optional.of(name);
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
                indexes, localIndexes, stream, ttlAttribute, deletionProtection, tags);
    }

    public TableSchema withStream(Optional<StreamSettings> newStream) {
        return new TableSchema(name, id, creationTime, hashKey, rangeKey, attributeDefinitions, payPerRequest,
                throughput, globalIndexes, localIndexes, newStream, ttlAttribute, deletionProtection, tags);
    }

    public TableSchema withTtl(Optional<String> attribute) {
        return new TableSchema(name, id, creationTime, hashKey, rangeKey, attributeDefinitions, payPerRequest,
                throughput, globalIndexes, localIndexes, stream, attribute, deletionProtection, tags);
    }

    public TableSchema withBilling(boolean onDemand, Optional<IndexSchema.Throughput> newThroughput) {
        return new TableSchema(name, id, creationTime, hashKey, rangeKey, attributeDefinitions, onDemand,
                newThroughput, globalIndexes, localIndexes, stream, ttlAttribute, deletionProtection, tags);
    }

    public TableSchema withTags(Map<String, String> newTags) {
        return new TableSchema(name, id, creationTime, hashKey, rangeKey, attributeDefinitions, payPerRequest,
                throughput, globalIndexes, localIndexes, stream, ttlAttribute, deletionProtection, newTags);
    }

    public TableSchema withDeletionProtection(boolean enabled) {
        return new TableSchema(name, id, creationTime, hashKey, rangeKey, attributeDefinitions, payPerRequest,
                throughput, globalIndexes, localIndexes, stream, ttlAttribute, enabled, tags);
    }
}

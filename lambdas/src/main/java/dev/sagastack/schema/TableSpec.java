package dev.sagastack.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A DynamoDB table as the application needs it. Infra turns it into CloudFormation, the twin
 * into CreateTable requests; a test proves both agree with this definition.
 *
 * @param logicalName stable name used for CDK construct ids and the twin's table names
 */
public record TableSpec(String logicalName, KeyAttribute partitionKey, Optional<KeyAttribute> sortKey,
                        List<IndexSpec> globalIndexes, StreamView streamView, Optional<String> ttlAttribute) {

    /** DynamoDB Streams view types. */
    public enum StreamView { NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY }

    public TableSpec {
        globalIndexes = List.copyOf(globalIndexes);
    }

    /** Every attribute that appears in a key of the table or one of its indexes, each once. */
    public List<KeyAttribute> keyAttributes() {
        Map<String, KeyAttribute> byName = new LinkedHashMap<>();
        byName.put(partitionKey.name(), partitionKey);
        sortKey.ifPresent(k -> byName.put(k.name(), k));
        for (IndexSpec index : globalIndexes) {
            byName.putIfAbsent(index.partitionKey().name(), index.partitionKey());
            index.sortKey().ifPresent(k -> byName.putIfAbsent(k.name(), k));
        }
        return List.copyOf(byName.values());
    }
}

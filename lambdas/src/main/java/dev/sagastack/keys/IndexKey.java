package dev.sagastack.keys;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/** The key of an item in a global secondary index: partition and sort attribute names and values. */
public record IndexKey(String partitionAttribute, String partition, String sortAttribute, String sort) {

    /** Adds this index key's attributes to an item being built. */
    public void addTo(Map<String, AttributeValue> item) {
        item.put(partitionAttribute, AttributeValue.fromS(partition));
        item.put(sortAttribute, AttributeValue.fromS(sort));
    }
}

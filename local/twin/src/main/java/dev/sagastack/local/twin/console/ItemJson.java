package dev.sagastack.local.twin.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/** A DynamoDB item as plain JSON for display (numbers as numbers, sets as arrays). */
final class ItemJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private ItemJson() {
    }

    static ObjectNode plain(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        item.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> node.set(e.getKey(), value(e.getValue())));
        return node;
    }

    private static JsonNode value(AttributeValue v) {
        switch (v.type()) {
            case S:
                return NODES.textNode(v.s());
            case N:
                return number(v.n());
            case BOOL:
                return NODES.booleanNode(v.bool());
            case NUL:
                return NODES.nullNode();
            case M:
                return plain(v.m());
            case L: {
                ArrayNode list = NODES.arrayNode();
                v.l().forEach(x -> list.add(value(x)));
                return list;
            }
            case SS: {
                ArrayNode set = NODES.arrayNode();
                v.ss().forEach(set::add);
                return set;
            }
            case NS: {
                ArrayNode set = NODES.arrayNode();
                v.ns().forEach(n -> set.add(number(n)));
                return set;
            }
            default:
                return NODES.textNode(v.toString());
        }
    }

    private static JsonNode number(String n) {
        return n.matches("-?\\d+") ? NODES.numberNode(new BigInteger(n)) : NODES.numberNode(new BigDecimal(n));
    }
}

package dev.sagastack.local.dynamodb.expression;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all
 * expressions of that request; tracks which of them the expressions used. Not thread-safe: one
 * request, one context.
 */
public final class ExpressionContext {

    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    /**
     * @param names the request's ExpressionAttributeNames; empty (or null) when absent
     * @param values the request's ExpressionAttributeValues; empty (or null) when absent
     * @throws ExpressionException when a key does not have the form {@code #name} or {@code :value}
     */
    public ExpressionContext(Map<String, String> names, Map<String, AttributeValue> values) {
        this.names = names == null ? Map.of() : names;
        this.values = values == null ? Map.of() : values;
        for (String key : this.names.keySet()) {
            checkKey("ExpressionAttributeNames", key, '#');
        }
        for (String key : this.values.keySet()) {
            checkKey("ExpressionAttributeValues", key, ':');
        }
    }

    /**
     * A context for a request in which the maps may be absent (null). A map that is present must
     * not be empty ("ExpressionAttributeNames must not be empty").
     */
    public static ExpressionContext forRequest(Map<String, String> names, Map<String, AttributeValue> values) {
        if (names != null && names.isEmpty()) {
            throw new ExpressionException("ExpressionAttributeNames must not be empty");
        }
        if (values != null && values.isEmpty()) {
            throw new ExpressionException("ExpressionAttributeValues must not be empty");
        }
        return new ExpressionContext(names, values);
    }

    private static void checkKey(String parameter, String key, char prefix) {
        boolean valid = key.length() > 1 && key.charAt(0) == prefix;
        for (int i = 1; valid && i < key.length(); i++) {
            char c = key.charAt(i);
            valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
        if (!valid) {
            throw new ExpressionException(parameter + " contains invalid key: Syntax error; key: \"" + key + "\"");
        }
    }

    Map<String, String> names() {
        return names;
    }

    Map<String, AttributeValue> values() {
        return values;
    }

    void markUsed(Collection<String> nameRefs, Collection<String> valueRefs) {
        usedNames.addAll(nameRefs);
        usedValues.addAll(valueRefs);
    }

    /**
     * Call after parsing all expressions of the request.
     *
     * @throws ExpressionException naming the names, then the values, that no expression used
     */
    public void verifyAllUsed() {
        String unused = unused(names.keySet(), usedNames);
        if (unused != null) {
            throw new ExpressionException("Value provided in ExpressionAttributeNames unused in expressions: keys: " + unused);
        }
        unused = unused(values.keySet(), usedValues);
        if (unused != null) {
            throw new ExpressionException("Value provided in ExpressionAttributeValues unused in expressions: keys: " + unused);
        }
    }

    private static String unused(Set<String> given, Set<String> used) {
        if (used.size() >= given.size() && used.containsAll(given)) {
            return null;
        }
        StringJoiner keys = new StringJoiner(", ", "{", "}");
        for (String key : given) {
            if (!used.contains(key)) {
                keys.add(key);
            }
        }
        return keys.toString();
    }
}

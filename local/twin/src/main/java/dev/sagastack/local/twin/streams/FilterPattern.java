package dev.sagastack.local.twin.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One Lambda event filter pattern ("Control which events Lambda sends to your function"): nested objects
 * follow the record's structure, each leaf is an array of alternatives: a literal (string, number,
 * boolean, null) or {@code prefix}, {@code suffix}, {@code equals-ignore-case}, {@code anything-but},
 * {@code numeric} and {@code exists} rules. Every field of the pattern must match.
 */
public final class FilterPattern {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode pattern;

    private FilterPattern(JsonNode pattern) {
        this.pattern = pattern;
    }

    public static FilterPattern parse(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("filter pattern is not JSON: " + json, e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("filter pattern must be a JSON object: " + json);
        }
        validate(node, json);
        return new FilterPattern(node);
    }

    /** A record passes a list of filters when any of them matches; no filters pass everything. */
    public static boolean anyMatches(List<FilterPattern> filters, JsonNode record) {
        return filters.isEmpty() || filters.stream().anyMatch(f -> f.matches(record));
    }

    public boolean matches(JsonNode record) {
        return matchesObject(pattern, record);
    }

    private static boolean matchesObject(JsonNode patternObject, JsonNode value) {
        Iterator<Map.Entry<String, JsonNode>> fields = patternObject.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode child = value == null || !value.isObject() ? null : value.get(field.getKey());
            boolean ok = field.getValue().isObject()
                    ? child != null && matchesObject(field.getValue(), child)
                    : matchesAlternatives(field.getValue(), child);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesAlternatives(JsonNode alternatives, JsonNode value) {
        for (JsonNode alternative : alternatives) {
            if (value != null && value.isArray()) {
                for (JsonNode element : value) {
                    if (matchesOne(alternative, element)) {
                        return true;
                    }
                }
                if (alternative.isObject() && alternative.has("exists")) {
                    if (matchesOne(alternative, value)) {
                        return true;
                    }
                }
            } else if (matchesOne(alternative, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesOne(JsonNode rule, JsonNode value) {
        if (rule.isObject()) {
            if (rule.has("exists")) {
                return rule.get("exists").asBoolean() == (value != null);
            }
            if (value == null) {
                return false;
            }
            if (rule.has("prefix")) {
                return value.isTextual() && value.asText().startsWith(rule.get("prefix").asText());
            }
            if (rule.has("suffix")) {
                return value.isTextual() && value.asText().endsWith(rule.get("suffix").asText());
            }
            if (rule.has("equals-ignore-case")) {
                return value.isTextual() && value.asText().equalsIgnoreCase(rule.get("equals-ignore-case").asText());
            }
            if (rule.has("anything-but")) {
                JsonNode excluded = rule.get("anything-but");
                if (excluded.isArray()) {
                    for (JsonNode e : excluded) {
                        if (literalEquals(e, value)) {
                            return false;
                        }
                    }
                    return true;
                }
                return !literalEquals(excluded, value);
            }
            if (rule.has("numeric")) {
                return numeric(rule.get("numeric"), value);
            }
            return false;
        }
        if (value == null) {
            return false;
        }
        return literalEquals(rule, value);
    }

    private static boolean literalEquals(JsonNode literal, JsonNode value) {
        if (literal.isNull()) {
            return value.isNull();
        }
        if (literal.isNumber() && (value.isNumber() || value.isTextual())) {
            try {
                return new java.math.BigDecimal(value.asText()).compareTo(literal.decimalValue()) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return literal.isTextual() ? value.isTextual() && literal.asText().equals(value.asText()) : literal.equals(value);
    }

    private static boolean numeric(JsonNode conditions, JsonNode value) {
        double number;
        try {
            number = Double.parseDouble(value.asText());
        } catch (NumberFormatException e) {
            return false;
        }
        for (int i = 0; i + 1 < conditions.size(); i += 2) {
            double bound = conditions.get(i + 1).asDouble();
            boolean ok = switch (conditions.get(i).asText()) {
                case "=" -> number == bound;
                case "<" -> number < bound;
                case "<=" -> number <= bound;
                case ">" -> number > bound;
                case ">=" -> number >= bound;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void validate(JsonNode node, String source) {
        node.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isObject()) {
                validate(value, source);
            } else if (!value.isArray()) {
                throw new IllegalArgumentException("filter pattern leaf '" + field.getKey()
                        + "' must be an array of values or rules: " + source);
            }
        });
    }
}

package dev.sagastack.local.iam.actions;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The attribute names a DynamoDB expression touches (top-level names, with #placeholders resolved
 * through ExpressionAttributeNames), for the dynamodb:Attributes and dynamodb:LeadingKeys keys.
 */
final class ExpressionNames {

    private static final Set<String> KEYWORDS = Set.of("set", "remove", "add", "delete", "and", "or", "not",
            "between", "in");

    private ExpressionNames() {
    }

    static List<String> topLevel(JsonNode body, String field) {
        JsonNode expression = body.get(field);
        if (expression == null || !expression.isTextual()) {
            return List.of();
        }
        String text = expression.asText();
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '#' || Character.isLetter(c) || c == '_') {
                int start = i++;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                String token = text.substring(start, i);
                boolean nested = start > 0 && text.charAt(start - 1) == '.';
                int next = i;
                while (next < text.length() && text.charAt(next) == ' ') {
                    next++;
                }
                boolean function = next < text.length() && text.charAt(next) == '(';
                if (!nested && !function && !KEYWORDS.contains(token.toLowerCase(Locale.ROOT))) {
                    String name = resolve(body, token);
                    if (!names.contains(name)) {
                        names.add(name);
                    }
                }
            } else if (c == ':') {
                i++;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
            } else {
                i++;
            }
        }
        return List.copyOf(names);
    }

    /** The value compared for equality with the attribute, e.g. {@code #pk = :pk} in a key condition. */
    static Optional<String> equalityValue(JsonNode body, String field, String attribute) {
        JsonNode expression = body.get(field);
        if (expression == null || !expression.isTextual()) {
            return Optional.empty();
        }
        for (String clause : expression.asText().split("(?i)\\s+and\\s+")) {
            String[] sides = clause.split("=", 2);
            if (sides.length != 2) {
                continue;
            }
            String left = sides[0].trim();
            String right = sides[1].trim();
            if (left.startsWith("(")) {
                left = left.substring(1).trim();
            }
            if (right.endsWith(")")) {
                right = right.substring(0, right.length() - 1).trim();
            }
            if (resolve(body, left).equals(attribute) && right.startsWith(":")) {
                JsonNode values = body.get("ExpressionAttributeValues");
                return values == null ? Optional.empty() : scalar(values.get(right));
            }
        }
        return Optional.empty();
    }

    /** The string form of a scalar attribute value ({"S": ...}, {"N": ...} or {"B": ...}). */
    static Optional<String> scalar(JsonNode attributeValue) {
        if (attributeValue == null || !attributeValue.isObject()) {
            return Optional.empty();
        }
        for (String type : new String[]{"S", "N", "B"}) {
            JsonNode v = attributeValue.get(type);
            if (v != null && v.isTextual()) {
                return Optional.of(v.asText());
            }
        }
        return Optional.empty();
    }

    private static String resolve(JsonNode body, String token) {
        if (!token.startsWith("#")) {
            return token;
        }
        JsonNode names = body.get("ExpressionAttributeNames");
        JsonNode name = names == null ? null : names.get(token);
        return name == null ? token : name.asText();
    }
}

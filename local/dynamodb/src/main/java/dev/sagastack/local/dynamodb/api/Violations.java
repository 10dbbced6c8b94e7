package dev.sagastack.local.dynamodb.api;

import dev.sagastack.local.dynamodb.engine.DynamoDbError;
import dev.sagastack.local.dynamodb.engine.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Collects member constraint violations and reports them in DynamoDB's form: "1 validation error
 * detected: Value 'x' at 'tableName' failed to satisfy constraint: Member must ...".
 */
final class Violations {

    static final Pattern NAME_PATTERN = Pattern.compile("[a-zA-Z0-9_.-]+");

    private final List<String> errors = new ArrayList<>();

    void add(Object value, String path, String constraint) {
        if (errors.size() >= 10) {
            return;
        }
        String shown = value == null ? "null" : "'" + value + "'";
        errors.add("Value " + shown + " at '" + path + "' failed to satisfy constraint: " + constraint);
    }

    void notNull(Object value, String path) {
        if (value == null) {
            add(null, path, "Member must not be null");
        }
    }

    /** A table name's rules; null is reported only when {@code required}. */
    void tableName(String name, String path, boolean required) {
        if (name == null) {
            if (required) {
                notNull(null, path);
            }
            return;
        }
        // A table ARN stands for the table's name (API Reference, e.g. GetItem: TableName
        // "You can also provide the Amazon Resource Name (ARN) of the table"), up to 1024 characters.
        if (name.startsWith("arn:") && name.length() <= 1024) {
            Optional<String> inArn = TableSchema.nameInArn(name);
            if (inArn.isPresent()) {
                name(inArn.get(), path);
                return;
            }
        }
        name(name, path);
    }

    /** Table and index name rules: 3 to 255 characters of [a-zA-Z0-9_.-]. */
    void name(String name, String path) {
        if (!isName(name)) {
            add(name, path, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        if (name.length() < 3) {
            add(name, path, "Member must have length greater than or equal to 3");
        }
        if (name.length() > 255) {
            add(name, path, "Member must have length less than or equal to 255");
        }
    }

    /** Whether {@code name} matches {@link #NAME_PATTERN}, without running a regular expression per request. */
    static boolean isName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Key and index attribute names (AttributeDefinition, KeySchemaElement, Projection
     * NonKeyAttributes): 1 to 255 characters (API Reference, "KeySchemaElement" and
     * "AttributeDefinition" data types). Other attribute names may have up to 64 KB.
     */
    void keyAttributeName(String name, String path) {
        if (name == null) {
            return;
        }
        if (name.isEmpty()) {
            add(name, path, "Member must have length greater than or equal to 1");
        }
        if (name.length() > 255) {
            add(name, path, "Member must have length less than or equal to 255");
        }
    }

    void oneOf(String value, String path, String... allowed) {
        if (value == null) {
            return;
        }
        for (String a : allowed) {
            if (a.equals(value)) {
                return;
            }
        }
        add(value, path, "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
    }

    void range(Long value, String path, long min, long max) {
        if (value == null) {
            return;
        }
        if (value < min) {
            add(value, path, "Member must have value greater than or equal to " + min);
        }
        if (value > max) {
            add(value, path, "Member must have value less than or equal to " + max);
        }
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw DynamoDbError.validation(errors.size() + " validation error" + (errors.size() > 1 ? "s" : "")
                    + " detected: " + String.join("; ", errors));
        }
    }
}

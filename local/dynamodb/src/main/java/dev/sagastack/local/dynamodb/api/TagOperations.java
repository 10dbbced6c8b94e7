package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.DynamoDbError;
import dev.sagastack.local.dynamodb.engine.Table;
import dev.sagastack.local.dynamodb.engine.TableSchema;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TagResource, UntagResource, ListTagsOfResource on table ARNs, and the Tags of CreateTable.
 * Limits follow the Developer Guide, "Tagging restrictions in DynamoDB", and the API Reference
 * "Tag" data type: keys of 1 to 128 characters, values of 0 to 256, at most 50 tags per table,
 * the {@code aws:} prefix reserved for AWS, one value per key (tagging an existing key replaces it).
 */
final class TagOperations {

    static final int MAX_TAGS = 50;
    private static final String INVALID = "One or more parameter values were invalid: ";

    private final Database db;

    TagOperations(Database db) {
        this.db = db;
    }

    void tagResource(Request req, JsonGenerator out) throws IOException {
        String arn = req.string("ResourceArn");
        String tableName = tableNameOf(arn);
        List<Request> tags = req.objects("Tags");
        if (tags == null || tags.isEmpty()) {
            throw DynamoDbError.validation("Atleast one Tag needs to be provided as Input.");
        }
        Map<String, String> added = read(tags, "tags");
        Table table = existing(tableName, arn);
        db.updateSchema(table, s -> s.withTags(merged(s.tags(), added)));
        out.writeStartObject();
        out.writeEndObject();
    }

    void untagResource(Request req, JsonGenerator out) throws IOException {
        String arn = req.string("ResourceArn");
        String tableName = tableNameOf(arn);
        List<String> keys = req.strings("TagKeys");
        if (keys == null || keys.isEmpty()) {
            throw DynamoDbError.validation("Atleast one Tag Key needs to be provided as Input.");
        }
        Violations v = new Violations();
        for (int i = 0; i < keys.size(); i++) {
            checkKey(v, keys.get(i), "tagKeys." + (i + 1) + ".member");
        }
        v.throwIfAny();
        Table table = existing(tableName, arn);
        db.updateSchema(table, s -> {
            Map<String, String> left = new LinkedHashMap<>(s.tags());
            keys.forEach(left::remove);
            return s.withTags(left);
        });
        out.writeStartObject();
        out.writeEndObject();
    }

    void listTagsOfResource(Request req, JsonGenerator out) throws IOException {
        String arn = req.string("ResourceArn");
        String tableName = tableNameOf(arn);
        Table table = existing(tableName, arn);
        out.writeStartObject();
        out.writeArrayFieldStart("Tags");
        for (Map.Entry<String, String> e : table.schema().tags().entrySet()) {
            out.writeStartObject();
            out.writeStringField("Key", e.getKey());
            out.writeStringField("Value", e.getValue());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    /** The Tags parameter of CreateTable: same rules as TagResource. */
    static Map<String, String> createTableTags(Request req) {
        List<Request> tags = req.objects("Tags");
        if (tags == null) {
            return Map.of();
        }
        Map<String, String> read = read(tags, "tags");
        return merged(Map.of(), read);
    }

    private static String tableNameOf(String arn) {
        if (arn == null || arn.isEmpty()) {
            throw DynamoDbError.validation("Invalid TableArn");
        }
        return TableSchema.nameInArn(arn).orElseThrow(() -> DynamoDbError.validation(
                "Invalid TableArn: Invalid ResourceArn provided as input " + arn));
    }

    private Table existing(String tableName, String arn) {
        return db.findTable(tableName).orElseThrow(() -> DynamoDbError.resourceNotFound(
                "Requested resource not found: ResourcArn: " + arn + " not found"));
    }

    private static Map<String, String> read(List<Request> tags, String path) {
        Violations v = new Violations();
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            Request t = tags.get(i);
            String p = path + "." + (i + 1) + ".member";
            String key = t == null ? null : t.string("Key");
            String value = t == null ? null : t.string("Value");
            v.notNull(key, p + ".key");
            v.notNull(value, p + ".value");
            checkKey(v, key, p + ".key");
            if (value != null && value.codePointCount(0, value.length()) > 256) {
                v.add(value, p + ".value", "Member must have length less than or equal to 256");
            }
            if (key != null && value != null) {
                out.put(key, value);
            }
        }
        v.throwIfAny();
        for (String key : out.keySet()) {
            if (key.startsWith("aws:")) {
                throw DynamoDbError.validation(INVALID + "Tag keys starting with the 'aws:' prefix are reserved for "
                        + "AWS use; key: " + key);
            }
        }
        return out;
    }

    private static void checkKey(Violations v, String key, String path) {
        if (key == null) {
            return;
        }
        if (key.isEmpty()) {
            v.add(key, path, "Member must have length greater than or equal to 1");
        }
        if (key.codePointCount(0, key.length()) > 128) {
            v.add(key, path, "Member must have length less than or equal to 128");
        }
    }

    private static Map<String, String> merged(Map<String, String> current, Map<String, String> added) {
        Map<String, String> all = new LinkedHashMap<>(current);
        all.putAll(added);
        if (all.size() > MAX_TAGS) {
            throw DynamoDbError.validation(INVALID + "The number of tags would exceed the limit of " + MAX_TAGS
                    + " tags per resource; current: " + current.size() + ", requested: " + added.size());
        }
        return all;
    }
}

package dev.sagastack.local.dynamodb.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sagastack.local.dynamodb.engine.Database;
import dev.sagastack.local.dynamodb.engine.DynamoDbError;
import dev.sagastack.local.dynamodb.engine.IndexSchema;
import dev.sagastack.local.dynamodb.engine.KeyAttribute;
import dev.sagastack.local.dynamodb.engine.Table;
import dev.sagastack.local.dynamodb.engine.TableSchema;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable, UpdateTimeToLive, DescribeTimeToLive. */
final class TableOperations {

    private static final String INVALID = "One or more parameter values were invalid: ";
    private static final long MAX_CAPACITY = 1_000_000_000_000L;

    private final Database db;

    TableOperations(Database db) {
        this.db = db;
    }

    // ---- CreateTable ----

    void createTable(Request req, JsonGenerator out) throws IOException {
        String name = req.string("TableName");
        List<Request> defs = req.objects("AttributeDefinitions");
        List<Request> keySchema = req.objects("KeySchema");
        String billing = req.string("BillingMode");
        Request throughput = req.object("ProvisionedThroughput");
        List<Request> lsis = req.objects("LocalSecondaryIndexes");
        List<Request> gsis = req.objects("GlobalSecondaryIndexes");
        Request streamSpec = req.object("StreamSpecification");

        Violations v = new Violations();
        if (defs == null) {
            v.notNull(null, "attributeDefinitions");
        } else {
            for (int i = 0; i < defs.size(); i++) {
                Request d = defs.get(i);
                String p = "attributeDefinitions." + (i + 1) + ".member";
                v.notNull(d == null ? null : d.string("AttributeName"), p + ".attributeName");
                v.keyAttributeName(d == null ? null : d.string("AttributeName"), p + ".attributeName");
                String t = d == null ? null : d.string("AttributeType");
                v.notNull(t, p + ".attributeType");
                v.oneOf(t, p + ".attributeType", "B", "N", "S");
            }
        }
        v.tableName(name, "tableName", true);
        v.oneOf(billing, "billingMode", "PROVISIONED", "PAY_PER_REQUEST");
        if (throughput != null) {
            checkThroughput(v, throughput, "provisionedThroughput");
        }
        checkKeySchemaShape(v, keySchema, "keySchema");
        checkIndexShapes(v, lsis, "localSecondaryIndexes");
        checkIndexShapes(v, gsis, "globalSecondaryIndexes");
        if (streamSpec != null) {
            v.notNull(streamSpec.bool("StreamEnabled"), "streamSpecification.streamEnabled");
            v.oneOf(streamSpec.string("StreamViewType"), "streamSpecification.streamViewType", "NEW_IMAGE",
                    "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY");
        }
        v.throwIfAny();
        Map<String, String> tags = TagOperations.createTableTags(req);

        boolean onDemand = "PAY_PER_REQUEST".equals(billing);
        Optional<IndexSchema.Throughput> tableThroughput = throughputOf(throughput);
        if (onDemand && throughput != null) {
            throw DynamoDbError.validation(INVALID
                    + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        if (!onDemand && tableThroughput.isEmpty()) {
            throw DynamoDbError.validation(INVALID
                    + "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        tableThroughput.ifPresent(this::checkCapacityBounds);

        List<KeyAttribute> definitions = new ArrayList<>();
        Set<String> defNames = new HashSet<>();
        for (Request d : defs) {
            KeyAttribute k = new KeyAttribute(d.string("AttributeName"),
                    AttributeValue.Type.valueOf(d.string("AttributeType")));
            if (!defNames.add(k.name())) {
                throw DynamoDbError.validation("Cannot have two attributes with the same name");
            }
            definitions.add(k);
        }
        List<String> defNameList = definitions.stream().map(KeyAttribute::name).toList();
        KeyAttribute[] tableKeys = keys(keySchema, definitions, defNameList);
        KeyAttribute hash = tableKeys[0];
        Optional<KeyAttribute> range = Optional.ofNullable(tableKeys[1]);

        Set<String> used = new HashSet<>();
        used.add(hash.name());
        range.ifPresent(r -> used.add(r.name()));
        Set<String> indexNames = new HashSet<>();
        List<IndexSchema> localIndexes = new ArrayList<>();
        if (lsis != null) {
            if (lsis.isEmpty()) {
                throw DynamoDbError.validation(INVALID + "List of LocalSecondaryIndexes is empty");
            }
            if (range.isEmpty()) {
                throw DynamoDbError.validation(INVALID + "Table KeySchema does not have a range key, "
                        + "which is required when specifying a LocalSecondaryIndex");
            }
            for (Request r : lsis) {
                IndexSchema index = index(r, false, definitions, defNameList, onDemand);
                if (index.rangeKey().isEmpty()) {
                    throw DynamoDbError.validation(INVALID + "Index KeySchema does not have a range key for index: "
                            + index.name());
                }
                if (!index.hashKey().name().equals(hash.name())) {
                    throw DynamoDbError.validation(INVALID
                            + "Index KeySchema does not have the same leading hash key as table KeySchema for index: "
                            + index.name() + ". index hash key: " + index.hashKey().name() + ", table hash key: "
                            + hash.name());
                }
                if (!indexNames.add(index.name())) {
                    throw DynamoDbError.validation(INVALID + "Duplicate index name: " + index.name());
                }
                used.add(index.rangeKey().get().name());
                localIndexes.add(index);
            }
            if (localIndexes.size() > 5) {
                throw DynamoDbError.validation(INVALID + "Number of LocalSecondaryIndexes exceeds per-table limit of 5");
            }
        }
        List<IndexSchema> globalIndexes = new ArrayList<>();
        if (gsis != null) {
            if (gsis.isEmpty()) {
                throw DynamoDbError.validation(INVALID + "List of GlobalSecondaryIndexes is empty");
            }
            for (Request r : gsis) {
                IndexSchema index = index(r, true, definitions, defNameList, onDemand);
                if (!indexNames.add(index.name())) {
                    throw DynamoDbError.validation(INVALID + "Duplicate index name: " + index.name());
                }
                used.add(index.hashKey().name());
                index.rangeKey().ifPresent(k -> used.add(k.name()));
                globalIndexes.add(index);
            }
            if (globalIndexes.size() > 20) {
                throw DynamoDbError.validation(INVALID + "GlobalSecondaryIndex count exceeds the per-table limit of 20");
            }
        }
        if (used.size() != definitions.size()) {
            throw DynamoDbError.validation(INVALID + "Number of attributes in KeySchema does not exactly match number "
                    + "of attributes defined in AttributeDefinitions");
        }
        if (streamSpec != null && Boolean.FALSE.equals(streamSpec.bool("StreamEnabled"))
                && streamSpec.string("StreamViewType") != null) {
            throw DynamoDbError.validation(INVALID
                    + "Table is being created with a stream disabled, UpdateViewType should not be specified");
        }
        Optional<String> viewType = streamView(streamSpec);
        String tableId = UUID.randomUUID().toString();
        Optional<TableSchema.StreamSettings> stream = viewType.map(vt -> db.newStreamSettings(name, vt));
        TableSchema schema = new TableSchema(name, tableId, db.clock().instant(), hash, range, definitions, onDemand,
                tableThroughput, globalIndexes, localIndexes, stream, Optional.empty(),
                Boolean.TRUE.equals(req.bool("DeletionProtectionEnabled")), tags);
        Table table = db.createTable(schema);
        out.writeStartObject();
        out.writeFieldName("TableDescription");
        TableDescriptions.write(out, schema, "ACTIVE", Optional.of(table));
        out.writeEndObject();
    }

    private Optional<String> streamView(Request spec) {
        if (spec == null || !Boolean.TRUE.equals(spec.bool("StreamEnabled"))) {
            return Optional.empty();
        }
        String viewType = spec.string("StreamViewType");
        if (viewType == null) {
            throw DynamoDbError.validation("One or more parameter values were invalid: "
                    + "You must specify a StreamViewType when enabling a stream");
        }
        return Optional.of(viewType);
    }

    private void checkThroughput(Violations v, Request t, String path) {
        Long read = t.integer("ReadCapacityUnits");
        Long write = t.integer("WriteCapacityUnits");
        v.notNull(write, path + ".writeCapacityUnits");
        v.notNull(read, path + ".readCapacityUnits");
        if (write != null && write < 1) {
            v.add(write, path + ".writeCapacityUnits", "Member must have value greater than or equal to 1");
        }
        if (read != null && read < 1) {
            v.add(read, path + ".readCapacityUnits", "Member must have value greater than or equal to 1");
        }
    }

    private void checkCapacityBounds(IndexSchema.Throughput t) {
        if (t.readCapacityUnits() > MAX_CAPACITY) {
            throw DynamoDbError.validation("Given value " + t.readCapacityUnits() + " for ReadCapacityUnits is out of bounds");
        }
        if (t.writeCapacityUnits() > MAX_CAPACITY) {
            throw DynamoDbError.validation("Given value " + t.writeCapacityUnits() + " for WriteCapacityUnits is out of bounds");
        }
    }

    private static Optional<IndexSchema.Throughput> throughputOf(Request t) {
        if (t == null || t.integer("ReadCapacityUnits") == null || t.integer("WriteCapacityUnits") == null) {
            return Optional.empty();
        }
        return Optional.of(new IndexSchema.Throughput(t.integer("ReadCapacityUnits"), t.integer("WriteCapacityUnits")));
    }

    private void checkKeySchemaShape(Violations v, List<Request> keySchema, String path) {
        if (keySchema == null) {
            v.notNull(null, path);
            return;
        }
        if (keySchema.isEmpty()) {
            v.add("[]", path, "Member must have length greater than or equal to 1");
        }
        if (keySchema.size() > 2) {
            v.add("[...]", path, "Member must have length less than or equal to 2");
        }
        for (int i = 0; i < keySchema.size(); i++) {
            Request k = keySchema.get(i);
            String p = path + "." + (i + 1) + ".member";
            v.notNull(k == null ? null : k.string("AttributeName"), p + ".attributeName");
            v.keyAttributeName(k == null ? null : k.string("AttributeName"), p + ".attributeName");
            String type = k == null ? null : k.string("KeyType");
            v.notNull(type, p + ".keyType");
            v.oneOf(type, p + ".keyType", "HASH", "RANGE");
        }
    }

    private void checkIndexShapes(Violations v, List<Request> indexes, String path) {
        if (indexes == null) {
            return;
        }
        for (int i = 0; i < indexes.size(); i++) {
            Request r = indexes.get(i);
            String p = path + "." + (i + 1) + ".member";
            if (r == null) {
                v.notNull(null, p);
                continue;
            }
            String name = r.string("IndexName");
            v.notNull(name, p + ".indexName");
            if (name != null) {
                v.name(name, p + ".indexName");
            }
            checkKeySchemaShape(v, r.objects("KeySchema"), p + ".keySchema");
            Request proj = r.object("Projection");
            v.notNull(proj, p + ".projection");
            if (proj != null) {
                v.oneOf(proj.string("ProjectionType"), p + ".projection.projectionType", "ALL", "INCLUDE", "KEYS_ONLY");
                List<String> nonKey = proj.strings("NonKeyAttributes");
                if (nonKey != null && nonKey.isEmpty()) {
                    // API Reference, "Projection": NonKeyAttributes holds 1 to 20 names.
                    v.add("[]", p + ".projection.nonKeyAttributes", "Member must have length greater than or equal to 1");
                }
                if (nonKey != null) {
                    for (int j = 0; j < nonKey.size(); j++) {
                        v.keyAttributeName(nonKey.get(j), p + ".projection.nonKeyAttributes." + (j + 1) + ".member");
                    }
                }
            }
            Request t = r.object("ProvisionedThroughput");
            if (t != null) {
                checkThroughput(v, t, p + ".provisionedThroughput");
            }
        }
    }

    /** Resolves a key schema against the attribute definitions: [hash, range-or-null]. */
    private static KeyAttribute[] keys(List<Request> keySchema, List<KeyAttribute> definitions, List<String> defNames) {
        List<String> names = keySchema.stream().map(k -> k.string("AttributeName")).toList();
        if (names.size() > definitions.size()) {
            throw DynamoDbError.validation("Invalid KeySchema: Some index key attribute have no definition");
        }
        for (String n : names) {
            if (!defNames.contains(n)) {
                throw DynamoDbError.validation(INVALID + "Some index key attributes are not defined in "
                        + "AttributeDefinitions. Keys: [" + String.join(", ", names) + "], AttributeDefinitions: ["
                        + String.join(", ", defNames) + "]");
            }
        }
        if (names.size() == 2 && names.get(0).equals(names.get(1))) {
            throw DynamoDbError.validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        if (!"HASH".equals(keySchema.get(0).string("KeyType"))) {
            throw DynamoDbError.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (keySchema.size() == 2 && !"RANGE".equals(keySchema.get(1).string("KeyType"))) {
            throw DynamoDbError.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        }
        KeyAttribute[] out = new KeyAttribute[2];
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            out[i] = definitions.stream().filter(d -> d.name().equals(n)).findFirst().orElseThrow();
        }
        return out;
    }

    private IndexSchema index(Request r, boolean global, List<KeyAttribute> definitions, List<String> defNames,
            boolean onDemand) {
        String name = r.string("IndexName");
        KeyAttribute[] keys = keys(r.objects("KeySchema"), definitions, defNames);
        Request proj = r.object("Projection");
        String type = proj.string("ProjectionType");
        if (type == null) {
            throw DynamoDbError.validation(INVALID + "Unknown ProjectionType: null");
        }
        List<String> nonKey = proj.strings("NonKeyAttributes");
        if (nonKey != null && !type.equals("INCLUDE")) {
            throw DynamoDbError.validation(INVALID + "ProjectionType is " + type + ", but NonKeyAttributes is specified");
        }
        if (type.equals("INCLUDE") && (nonKey == null || nonKey.isEmpty())) {
            throw DynamoDbError.validation(INVALID + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
        }
        Optional<IndexSchema.Throughput> t = throughputOf(r.object("ProvisionedThroughput"));
        if (global && onDemand && r.has("ProvisionedThroughput")) {
            throw DynamoDbError.validation(INVALID + "ProvisionedThroughput should not be specified for index: " + name
                    + " when BillingMode is PAY_PER_REQUEST");
        }
        if (global && !onDemand && t.isEmpty()) {
            throw DynamoDbError.validation(INVALID + "ProvisionedThroughput must be specified for index: " + name);
        }
        t.ifPresent(this::checkCapacityBounds);
        return new IndexSchema(name, global, keys[0], Optional.ofNullable(keys[1]),
                IndexSchema.ProjectionType.valueOf(type), nonKey == null ? List.of() : nonKey,
                global ? t : Optional.empty());
    }

    // ---- DescribeTable, ListTables, DeleteTable ----

    private Table existingTable(Request req) {
        String name = req.string("TableName");
        Violations v = new Violations();
        v.tableName(name, "tableName", true);
        v.throwIfAny();
        return db.findTable(name).orElseThrow(
                () -> DynamoDbError.resourceNotFound("Requested resource not found: Table: " + name + " not found"));
    }

    void describeTable(Request req, JsonGenerator out) throws IOException {
        Table table = existingTable(req);
        out.writeStartObject();
        out.writeFieldName("Table");
        TableDescriptions.write(out, table.schema(), "ACTIVE", Optional.of(table));
        out.writeEndObject();
    }

    void listTables(Request req, JsonGenerator out) throws IOException {
        String start = req.string("ExclusiveStartTableName");
        Long limit = req.integer("Limit");
        Violations v = new Violations();
        v.tableName(start, "exclusiveStartTableName", false);
        v.range(limit, "limit", 1, 100);
        v.throwIfAny();
        int max = limit == null ? 100 : limit.intValue();
        List<String> names = db.tableNames();
        List<String> page = new ArrayList<>();
        for (String n : names) {
            if (start != null && n.compareTo(start) <= 0) {
                continue;
            }
            page.add(n);
            if (page.size() == max) {
                break;
            }
        }
        out.writeStartObject();
        out.writeArrayFieldStart("TableNames");
        for (String n : page) {
            out.writeString(n);
        }
        out.writeEndArray();
        if (page.size() == max && !page.isEmpty() && !page.get(page.size() - 1).equals(names.get(names.size() - 1))) {
            out.writeStringField("LastEvaluatedTableName", page.get(page.size() - 1));
        }
        out.writeEndObject();
    }

    void deleteTable(Request req, JsonGenerator out) throws IOException {
        String name = req.string("TableName");
        Violations v = new Violations();
        v.tableName(name, "tableName", true);
        v.throwIfAny();
        Optional<Table> before = db.findTable(name);
        TableSchema schema = db.deleteTable(name);
        out.writeStartObject();
        out.writeFieldName("TableDescription");
        TableDescriptions.write(out, schema, "DELETING", before);
        out.writeEndObject();
    }

    // ---- UpdateTable ----

    void updateTable(Request req, JsonGenerator out) throws IOException {
        String name = req.string("TableName");
        List<Request> defs = req.objects("AttributeDefinitions");
        String billing = req.string("BillingMode");
        Request throughput = req.object("ProvisionedThroughput");
        List<Request> gsiUpdates = req.objects("GlobalSecondaryIndexUpdates");
        Request streamSpec = req.object("StreamSpecification");
        Boolean deletionProtection = req.bool("DeletionProtectionEnabled");
        Violations v = new Violations();
        v.tableName(name, "tableName", true);
        v.oneOf(billing, "billingMode", "PROVISIONED", "PAY_PER_REQUEST");
        if (throughput != null) {
            checkThroughput(v, throughput, "provisionedThroughput");
        }
        v.throwIfAny();
        if (throughput == null && billing == null && streamSpec == null && deletionProtection == null
                && (gsiUpdates == null || gsiUpdates.isEmpty())) {
            throw DynamoDbError.validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
                    + "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
        }
        Table table = db.findTable(name).orElseThrow(
                () -> DynamoDbError.resourceNotFound("Requested resource not found: Table: " + name + " not found"));
        TableSchema current = table.schema();

        // Work out the whole change first, so an invalid request changes nothing.
        boolean onDemand = billing == null ? current.payPerRequest() : billing.equals("PAY_PER_REQUEST");
        Optional<IndexSchema.Throughput> newThroughput = throughput != null ? throughputOf(throughput)
                : onDemand ? Optional.empty() : current.throughput();
        if (onDemand && throughput != null) {
            throw DynamoDbError.validation(INVALID
                    + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        if (!onDemand && newThroughput.isEmpty()) {
            throw DynamoDbError.validation(INVALID
                    + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
        }
        newThroughput.ifPresent(this::checkCapacityBounds);
        if (throughput != null && !current.payPerRequest() && !onDemand && current.throughput().isPresent()
                && current.throughput().equals(newThroughput)) {
            // UpdateTable is not idempotent: asking for the capacity the table has is refused.
            IndexSchema.Throughput t = current.throughput().get();
            throw DynamoDbError.validation("The provisioned throughput for the table will not change. The requested "
                    + "value equals the current value. Current ReadCapacityUnits provisioned for the table: "
                    + t.readCapacityUnits() + ". Requested ReadCapacityUnits: " + t.readCapacityUnits()
                    + ". Current WriteCapacityUnits provisioned for the table: " + t.writeCapacityUnits()
                    + ". Requested WriteCapacityUnits: " + t.writeCapacityUnits() + ". Refer to the Amazon DynamoDB "
                    + "Developer Guide for current limits and how to request higher limits.");
        }

        List<KeyAttribute> definitions = new ArrayList<>(current.attributeDefinitions());
        if (defs != null) {
            for (Request d : defs) {
                String an = d.string("AttributeName");
                String at = d.string("AttributeType");
                if (an == null || at == null || !List.of("S", "N", "B").contains(at)) {
                    throw DynamoDbError.validation(INVALID + "Invalid attribute definition: " + an);
                }
                KeyAttribute k = new KeyAttribute(an, AttributeValue.Type.valueOf(at));
                Optional<KeyAttribute> existing = current.definition(an);
                if (existing.isPresent() && existing.get().type() != k.type()) {
                    throw DynamoDbError.validation(INVALID + "Cannot change the type of attribute " + an
                            + " which is already defined as " + existing.get().type());
                }
                if (existing.isEmpty()) {
                    definitions.add(k);
                }
            }
        }
        List<String> defNames = definitions.stream().map(KeyAttribute::name).toList();
        List<IndexSchema> globalIndexes = new ArrayList<>(current.globalIndexes());
        if (gsiUpdates != null) {
            Set<String> touched = new HashSet<>();
            for (Request u : gsiUpdates) {
                Request create = u.object("Create");
                Request delete = u.object("Delete");
                Request update = u.object("Update");
                if (create == null && delete == null && update == null) {
                    throw DynamoDbError.validation(INVALID + "One of GlobalSecondaryIndexUpdate.Update, "
                            + "GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null");
                }
                Request which = create != null ? create : delete != null ? delete : update;
                String indexName = which.string("IndexName");
                if (indexName == null) {
                    throw DynamoDbError.validation("1 validation error detected: Value null at "
                            + "'globalSecondaryIndexUpdates.1.member.indexName' failed to satisfy constraint: Member must not be null");
                }
                if (!touched.add(indexName)) {
                    throw DynamoDbError.validation(INVALID + "Only one global secondary index update per index is "
                            + "allowed simultaneously. Index: " + indexName);
                }
                if (create != null) {
                    Violations iv = new Violations();
                    checkIndexShapes(iv, List.of(create), "globalSecondaryIndexUpdates.1.member.create");
                    iv.throwIfAny();
                    if (current.index(indexName).isPresent()) {
                        throw DynamoDbError.validation(INVALID + "Index already exists: " + indexName);
                    }
                    globalIndexes.add(index(create, true, definitions, defNames, onDemand));
                    if (globalIndexes.size() > 20) {
                        throw DynamoDbError.limitExceeded("Subscriber limit exceeded: The number of global secondary "
                                + "indexes exceeds the per-table limit of 20");
                    }
                } else if (delete != null) {
                    if (globalIndexes.removeIf(i -> i.name().equals(indexName))) {
                        continue;
                    }
                    throw DynamoDbError.resourceNotFound("Requested resource not found: Requested index: "
                            + indexName + " not found");
                } else {
                    int at = -1;
                    for (int i = 0; i < globalIndexes.size(); i++) {
                        if (globalIndexes.get(i).name().equals(indexName)) {
                            at = i;
                        }
                    }
                    if (at < 0) {
                        throw DynamoDbError.resourceNotFound("Requested resource not found: Requested index: "
                                + indexName + " not found");
                    }
                    IndexSchema old = globalIndexes.get(at);
                    Optional<IndexSchema.Throughput> t = throughputOf(update.object("ProvisionedThroughput"));
                    globalIndexes.set(at, new IndexSchema(old.name(), true, old.hashKey(), old.rangeKey(),
                            old.projectionType(), old.nonKeyAttributes(), t.isPresent() ? t : old.throughput()));
                }
            }
        }
        // Definitions must be exactly the attributes used by the table's and indexes' key schemas.
        Set<String> used = new HashSet<>();
        used.add(current.hashKey().name());
        current.rangeKey().ifPresent(r -> used.add(r.name()));
        for (IndexSchema i : current.localIndexes()) {
            i.rangeKey().ifPresent(r -> used.add(r.name()));
        }
        for (IndexSchema i : globalIndexes) {
            used.add(i.hashKey().name());
            i.rangeKey().ifPresent(r -> used.add(r.name()));
        }
        List<KeyAttribute> finalDefinitions = definitions.stream().filter(d -> used.contains(d.name())).toList();

        Optional<TableSchema.StreamSettings> stream = current.stream();
        if (streamSpec != null) {
            Boolean enabled = streamSpec.bool("StreamEnabled");
            if (enabled == null) {
                throw DynamoDbError.validation("1 validation error detected: Value null at "
                        + "'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null");
            }
            Violations sv = new Violations();
            sv.oneOf(streamSpec.string("StreamViewType"), "streamSpecification.streamViewType", "NEW_IMAGE",
                    "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY");
            sv.throwIfAny();
            if (enabled) {
                if (current.stream().isPresent()) {
                    throw DynamoDbError.validation("Table already has an enabled stream: TableName: " + name);
                }
                stream = Optional.of(db.newStreamSettings(name, streamView(streamSpec).orElseThrow()));
            } else {
                if (streamSpec.string("StreamViewType") != null) {
                    throw DynamoDbError.validation(INVALID
                            + "If stream is being disabled, then UpdateViewType must not be specified");
                }
                if (current.stream().isEmpty()) {
                    throw DynamoDbError.validation("Table already has no stream enabled: TableName: " + name);
                }
                stream = Optional.empty();
            }
        }
        Optional<TableSchema.StreamSettings> finalStream = stream;
        TableSchema updated = db.updateSchema(table, s -> s.withGlobalIndexes(globalIndexes, finalDefinitions)
                .withBilling(onDemand, newThroughput)
                .withStream(finalStream)
                .withDeletionProtection(deletionProtection == null ? s.deletionProtection() : deletionProtection));
        out.writeStartObject();
        out.writeFieldName("TableDescription");
        TableDescriptions.write(out, updated, "ACTIVE", Optional.of(table));
        out.writeEndObject();
    }

    // ---- TTL ----

    void updateTimeToLive(Request req, JsonGenerator out) throws IOException {
        String name = req.string("TableName");
        Request spec = req.object("TimeToLiveSpecification");
        Violations v = new Violations();
        v.tableName(name, "tableName", true);
        v.notNull(spec, "timeToLiveSpecification");
        if (spec != null) {
            v.notNull(spec.bool("Enabled"), "timeToLiveSpecification.enabled");
            String an = spec.string("AttributeName");
            v.notNull(an, "timeToLiveSpecification.attributeName");
            if (an != null && an.isEmpty()) {
                v.add(an, "timeToLiveSpecification.attributeName", "Member must have length greater than or equal to 1");
            }
        }
        v.throwIfAny();
        Table table = db.table(name);
        boolean enable = spec.bool("Enabled");
        String attribute = spec.string("AttributeName");
        Optional<String> current = table.schema().ttlAttribute();
        if (!enable && current.isEmpty()) {
            throw DynamoDbError.validation("TimeToLive is already disabled");
        }
        // TTL lives on one attribute: naming another while it is active - to enable or to disable - is refused
        // with the attribute it is on (as clients that handle DynamoDB's answer record it); the same one again is
        // "already enabled".
        if (current.isPresent() && !current.get().equals(attribute)) {
            throw DynamoDbError.validation("TimeToLive is active on a different AttributeName: current AttributeName is "
                    + current.get());
        }
        if (enable && current.isPresent()) {
            throw DynamoDbError.validation("TimeToLive is already enabled");
        }
        db.updateSchema(table, s -> s.withTtl(enable ? Optional.of(attribute) : Optional.empty()));
        out.writeStartObject();
        out.writeObjectFieldStart("TimeToLiveSpecification");
        out.writeBooleanField("Enabled", enable);
        out.writeStringField("AttributeName", attribute);
        out.writeEndObject();
        out.writeEndObject();
    }

    void describeTimeToLive(Request req, JsonGenerator out) throws IOException {
        String name = req.string("TableName");
        Violations v = new Violations();
        v.tableName(name, "tableName", true);
        v.throwIfAny();
        Table table = db.findTable(name).orElseThrow(
                () -> DynamoDbError.resourceNotFound("Requested resource not found: Table: " + name + " not found"));
        Optional<String> ttl = table.schema().ttlAttribute();
        out.writeStartObject();
        out.writeObjectFieldStart("TimeToLiveDescription");
        out.writeStringField("TimeToLiveStatus", ttl.isPresent() ? "ENABLED" : "DISABLED");
        if (ttl.isPresent()) {
            out.writeStringField("AttributeName", ttl.get());
        }
        out.writeEndObject();
        out.writeEndObject();
    }
}

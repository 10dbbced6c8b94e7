package dev.sagastack.local.dynamodb.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.dynamodb.streams.StreamLog;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Persistent JSON form of table schemas and stream metadata (the data directory's own format). */
final class SchemaJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SchemaJson() {
    }

    static String write(TableSchema s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", s.name());
        n.put("id", s.id());
        n.put("created", s.creationTime().toEpochMilli());
        n.set("hash", key(s.hashKey()));
        s.rangeKey().ifPresent(r -> n.set("range", key(r)));
        ArrayNode defs = n.putArray("definitions");
        s.attributeDefinitions().forEach(d -> defs.add(key(d)));
        n.put("payPerRequest", s.payPerRequest());
        s.throughput().ifPresent(t -> n.set("throughput", throughput(t)));
        ArrayNode gsis = n.putArray("gsi");
        s.globalIndexes().forEach(i -> gsis.add(index(i)));
        ArrayNode lsis = n.putArray("lsi");
        s.localIndexes().forEach(i -> lsis.add(index(i)));
        s.stream().ifPresent(st -> {
            ObjectNode sn = n.putObject("stream");
            sn.put("viewType", st.viewType());
            sn.put("label", st.label());
            sn.put("arn", st.arn());
        });
        s.ttlAttribute().ifPresent(t -> n.put("ttl", t));
        n.put("deletionProtection", s.deletionProtection());
        if (!s.tags().isEmpty()) {
            ObjectNode tags = n.putObject("tags");
            s.tags().forEach(tags::put);
        }
        return n.toString();
    }

    static TableSchema readTable(String json) {
        JsonNode n = parse(json);
        List<KeyAttribute> defs = new ArrayList<>();
        n.get("definitions").forEach(d -> defs.add(key(d)));
        List<IndexSchema> gsis = new ArrayList<>();
        n.get("gsi").forEach(i -> gsis.add(index(i)));
        List<IndexSchema> lsis = new ArrayList<>();
        n.get("lsi").forEach(i -> lsis.add(index(i)));
        Optional<TableSchema.StreamSettings> stream = n.has("stream")
                ? Optional.of(new TableSchema.StreamSettings(n.get("stream").get("viewType").asText(),
                        n.get("stream").get("label").asText(), n.get("stream").get("arn").asText()))
                : Optional.empty();
        return new TableSchema(n.get("name").asText(), n.get("id").asText(),
                Instant.ofEpochMilli(n.get("created").asLong()), key(n.get("hash")),
                n.has("range") ? Optional.of(key(n.get("range"))) : Optional.empty(), defs,
                n.get("payPerRequest").asBoolean(),
                n.has("throughput") ? Optional.of(throughput(n.get("throughput"))) : Optional.empty(), gsis, lsis,
                stream, n.has("ttl") ? Optional.of(n.get("ttl").asText()) : Optional.empty(),
                n.get("deletionProtection").asBoolean(), tags(n.get("tags")));
    }

    private static Map<String, String> tags(JsonNode n) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (n != null) {
            n.properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
        }
        return tags;
    }

    static String write(StreamLog log) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("arn", log.arn());
        n.put("label", log.label());
        n.put("table", log.tableName());
        n.put("viewType", log.viewType());
        n.set("hash", key(log.hashKey()));
        log.rangeKey().ifPresent(r -> n.set("range", key(r)));
        n.put("created", log.creationEpochMillis());
        n.put("disabledAt", log.disabledAtMillis());
        n.put("trimmedBelow", log.trimmedBelow());
        return n.toString();
    }

    record StreamMeta(String arn, String label, String table, String viewType, KeyAttribute hash,
            Optional<KeyAttribute> range, long created, long disabledAt, long trimmedBelow) {
    }

    static StreamMeta readStream(String json) {
        JsonNode n = parse(json);
        return new StreamMeta(n.get("arn").asText(), n.get("label").asText(), n.get("table").asText(),
                n.get("viewType").asText(), key(n.get("hash")),
                n.has("range") ? Optional.of(key(n.get("range"))) : Optional.empty(), n.get("created").asLong(),
                n.get("disabledAt").asLong(), n.get("trimmedBelow").asLong());
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode key(KeyAttribute k) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", k.name());
        n.put("type", k.type().name());
        return n;
    }

    private static KeyAttribute key(JsonNode n) {
        return new KeyAttribute(n.get("name").asText(), AttributeValue.Type.valueOf(n.get("type").asText()));
    }

    private static ObjectNode throughput(IndexSchema.Throughput t) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("read", t.readCapacityUnits());
        n.put("write", t.writeCapacityUnits());
        return n;
    }

    private static IndexSchema.Throughput throughput(JsonNode n) {
        return new IndexSchema.Throughput(n.get("read").asLong(), n.get("write").asLong());
    }

    private static ObjectNode index(IndexSchema i) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", i.name());
        n.put("global", i.global());
        n.set("hash", key(i.hashKey()));
        i.rangeKey().ifPresent(r -> n.set("range", key(r)));
        n.put("projection", i.projectionType().name());
        ArrayNode nk = n.putArray("nonKey");
        i.nonKeyAttributes().forEach(nk::add);
        i.throughput().ifPresent(t -> n.set("throughput", throughput(t)));
        return n;
    }

    private static IndexSchema index(JsonNode n) {
        List<String> nonKey = new ArrayList<>();
        n.get("nonKey").forEach(a -> nonKey.add(a.asText()));
        return new IndexSchema(n.get("name").asText(), n.get("global").asBoolean(), key(n.get("hash")),
                n.has("range") ? Optional.of(key(n.get("range"))) : Optional.empty(),
                IndexSchema.ProjectionType.valueOf(n.get("projection").asText()), nonKey,
                n.has("throughput") ? Optional.of(throughput(n.get("throughput"))) : Optional.empty());
    }
}

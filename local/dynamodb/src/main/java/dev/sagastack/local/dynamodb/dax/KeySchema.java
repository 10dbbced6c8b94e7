package dev.sagastack.local.dynamodb.dax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * A table's primary key (hash and optional range attribute with their scalar types) and DAX's
 * encoding of an item key as one byte string: a hash-only key is the value's bytes (a string's UTF-8,
 * a binary's bytes, a number's CBOR); with a range key, the hash value's CBOR followed by the range
 * value's raw bytes (a number in {@link LexDecimal}).
 */
record KeySchema(String hashName, String hashType, Optional<String> rangeName, Optional<String> rangeType) {

    static KeySchema fromDescription(JsonNode table) {
        String hash = null;
        String range = null;
        for (JsonNode k : table.path("KeySchema")) {
            if (k.path("KeyType").asText().equals("HASH")) {
                hash = k.path("AttributeName").asText();
            } else {
                range = k.path("AttributeName").asText();
            }
        }
        return new KeySchema(hash, type(table, hash), Optional.ofNullable(range),
                Optional.ofNullable(range).map(r -> type(table, r)));
    }

    private static String type(JsonNode table, String name) {
        for (JsonNode d : table.path("AttributeDefinitions")) {
            if (d.path("AttributeName").asText().equals(name)) {
                return d.path("AttributeType").asText();
            }
        }
        throw new IllegalStateException("no attribute definition for key " + name);
    }

    boolean isKey(String attribute) {
        return attribute.equals(hashName) || rangeName.map(attribute::equals).orElse(false);
    }

    ObjectNode decodeKey(byte[] encoded) throws DaxProtocolException {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        try {
            if (rangeName.isEmpty()) {
                key.set(hashName, raw(hashType, encoded));
                return key;
            }
            ByteArrayInputStream in = new ByteArrayInputStream(encoded);
            Object hash = new CborReader(in).read();
            key.set(hashName, AttributeValues.toJson(hash));
            byte[] rest = Arrays.copyOfRange(encoded, encoded.length - in.available(), encoded.length);
            if (rangeType.get().equals("N")) {
                key.set(rangeName.get(), JsonNodeFactory.instance.objectNode()
                        .put("N", LexDecimal.decode(rest, 0).toString()));
            } else {
                key.set(rangeName.get(), raw(rangeType.get(), rest));
            }
            return key;
        } catch (IOException | RuntimeException e) {
            throw new DaxProtocolException("malformed key: " + e.getMessage());
        }
    }

    private static ObjectNode raw(String type, byte[] bytes) throws IOException, DaxProtocolException {
        ObjectNode av = JsonNodeFactory.instance.objectNode();
        switch (type) {
            case "S" -> av.put("S", new String(bytes, StandardCharsets.UTF_8));
            case "B" -> av.put("B", Base64.getEncoder().encodeToString(bytes));
            default -> av.put("N", AttributeValues.number(CborReader.of(bytes).read()));
        }
        return av;
    }

    /** The key attributes of {@code item} in DAX's encoding. */
    byte[] encodeKey(JsonNode item) {
        JsonNode hash = item.path(hashName);
        if (rangeName.isEmpty()) {
            return rawBytes(hashType, hash, true);
        }
        CborWriter w = new CborWriter();
        AttributeValues.write(hash, w);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(w.toByteArray());
        JsonNode range = item.path(rangeName.get());
        if (rangeType.get().equals("N")) {
            LexDecimal.encode(new BigDecimal(range.path("N").asText()), out);
        } else {
            out.writeBytes(rawBytes(rangeType.get(), range, false));
        }
        return out.toByteArray();
    }

    private static byte[] rawBytes(String type, JsonNode av, boolean numberAsCbor) {
        return switch (type) {
            case "S" -> av.path("S").asText().getBytes(StandardCharsets.UTF_8);
            case "B" -> Base64.getDecoder().decode(av.path("B").asText());
            default -> {
                CborWriter w = new CborWriter();
                AttributeValues.writeNumber(av.path("N").asText(), w);
                yield w.toByteArray();
            }
        };
    }
}

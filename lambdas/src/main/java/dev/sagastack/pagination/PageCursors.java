package dev.sagastack.pagination;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns DynamoDB's LastEvaluatedKey into an opaque, tamper-evident cursor and back.
 *
 * <p>Format: {@code base64url(json key) "." base64url(HMAC-SHA256(scope + json key))}. The
 * signature covers the query's scope (table, index, partition, direction), so a cursor from
 * another listing fails verification even though its key would be well-formed. After the
 * signature, the key is checked once more against the scope (exact attribute set, same
 * partition value) so that no key chosen by a client ever reaches ExclusiveStartKey.
 */
public final class PageCursors {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAX_CURSOR_LENGTH = 2048;

    private final CursorSigningKey source;
    private volatile SecretKeySpec key;

    /** Reads and checks the key now. */
    public PageCursors(CursorSigningKey signingKey) {
        this.source = signingKey;
        this.key = keySpec(signingKey);
    }

    private PageCursors(CursorSigningKey signingKey, boolean deferred) {
        this.source = signingKey;
    }

    /**
     * Reads the key at the first cursor signed or checked (or at {@link #readKey()}), once: a function
     * whose first request lists nothing does not wait for the key's SSM read.
     */
    public static PageCursors deferred(CursorSigningKey signingKey) {
        return new PageCursors(signingKey, true);
    }

    /** Reads the key now if it was deferred (SnapStart priming); a key that cannot be read throws. */
    public void readKey() {
        key();
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            synchronized (this) {
                k = key;
                if (k == null) {
                    k = keySpec(source);
                    key = k;
                }
            }
        }
        return k;
    }

    private static SecretKeySpec keySpec(CursorSigningKey signingKey) {
        byte[] bytes = signingKey.bytes();
        if (bytes.length < 32) {
            throw new IllegalArgumentException("cursor signing key must be at least 32 bytes, was " + bytes.length);
        }
        return new SecretKeySpec(bytes, ALGORITHM);
    }

    /** The cursor for the next page, or empty when DynamoDB reported no LastEvaluatedKey. */
    public Optional<String> encode(CursorScope scope, Map<String, AttributeValue> lastEvaluatedKey) {
        if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) {
            return Optional.empty();
        }
        byte[] payload = write(lastEvaluatedKey);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return Optional.of(b64.encodeToString(payload) + "." + b64.encodeToString(sign(scope, payload)));
    }

    /** The ExclusiveStartKey the cursor stands for, or {@link InvalidCursor}. */
    public Map<String, AttributeValue> decode(CursorScope scope, String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            throw new InvalidCursor("empty");
        }
        if (cursor.length() > MAX_CURSOR_LENGTH) {
            throw new InvalidCursor("too long");
        }
        int dot = cursor.indexOf('.');
        if (dot <= 0 || dot != cursor.lastIndexOf('.')) {
            throw new InvalidCursor("malformed");
        }
        byte[] payload;
        byte[] signature;
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            payload = b64.decode(cursor.substring(0, dot));
            signature = b64.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidCursor("not base64url");
        }
        if (!MessageDigest.isEqual(sign(scope, payload), signature)) {
            throw new InvalidCursor("signature does not match this listing");
        }
        Map<String, AttributeValue> key = parse(payload);
        if (!new HashSet<>(scope.keyAttributes()).equals(key.keySet())) {
            throw new InvalidCursor("key attributes do not match this listing");
        }
        AttributeValue partition = key.get(scope.partitionAttribute());
        if (!scope.partitionValue().equals(partition.s())) {
            throw new InvalidCursor("partition does not match this listing");
        }
        return key;
    }

    /** {@code {"name":{"S":"v"},...}} in name order (one key, one byte sequence). */
    private static byte[] write(Map<String, AttributeValue> lastEvaluatedKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, AttributeValue> e : new TreeMap<>(lastEvaluatedKey).entrySet()) {
                AttributeValue value = e.getValue();
                json.writeObjectFieldStart(e.getKey());
                if (value.s() != null) {
                    json.writeStringField("S", value.s());
                } else if (value.n() != null) {
                    json.writeStringField("N", value.n());
                } else {
                    throw new IllegalArgumentException("key attribute " + e.getKey() + " is neither S nor N");
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Map<String, AttributeValue> parse(byte[] payload) {
        try (JsonParser json = Json.FACTORY.createParser(payload)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidCursor("payload is not an object");
            }
            Map<String, AttributeValue> key = new HashMap<>();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                key.put(name, typedValue(json, name));
            }
            return key;
        } catch (IOException e) {
            throw new InvalidCursor("payload is not JSON");
        }
    }

    /** One typed value, {@code {"S":"v"}} or {@code {"N":"1"}}, nothing else. */
    private static AttributeValue typedValue(JsonParser json, String name) throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT || json.nextToken() != JsonToken.FIELD_NAME) {
            throw new InvalidCursor("attribute " + name + " is not a single typed value");
        }
        String type = json.currentName();
        JsonToken value = json.nextToken();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            json.skipChildren();
        }
        String text = value == JsonToken.VALUE_STRING ? json.getText() : null;
        if (json.nextToken() != JsonToken.END_OBJECT) {
            throw new InvalidCursor("attribute " + name + " is not a single typed value");
        }
        if (text != null && type.equals("S")) {
            return AttributeValue.fromS(text);
        }
        if (text != null && type.equals("N")) {
            return AttributeValue.fromN(text);
        }
        throw new InvalidCursor("attribute " + name + " has an unsupported type");
    }

    private byte[] sign(CursorScope scope, byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key());
            mac.update(scope.canonical().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Jackson's streaming API: the cursor's small document needs no data binding (an ObjectMapper's set-up is ~0.15 s of a cold start's CPU). */
    private static final class Json {
        static final JsonFactory FACTORY = new JsonFactory();
    }
}

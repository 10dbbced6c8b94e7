package dev.sagastack.pagination;

import dev.sagastack.config.AppContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageCursorsTest {

    private final PageCursors cursors = new PageCursors(CursorSigningKeys.fromBase64(
            Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes())));
    private final CursorScope scope = new CursorScope("table", Optional.empty(), "PK", "TOPIC#1", false, List.of("PK", "SK"));
    private final Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("TOPIC#1"),
            "SK", AttributeValue.fromS("POST#2026#x"));

    private static String flipCharAt(String s, int index) {
        char c = s.charAt(index);
        return s.substring(0, index) + (c == 'A' ? 'B' : 'A') + s.substring(index + 1);
    }

    @Test
    void cursorRoundTripsToTheSameKey() {
        String cursor = cursors.encode(scope, key).orElseThrow();

        assertThat(cursors.decode(scope, cursor)).isEqualTo(key);
        assertThat(cursors.encode(scope, Map.of())).isEmpty();
    }

    @Test
    void alteredPayloadOrSignatureIsRejected() {
        String cursor = cursors.encode(scope, key).orElseThrow();

        assertThatThrownBy(() -> cursors.decode(scope, flipCharAt(cursor, 3))).isInstanceOf(InvalidCursor.class);
        assertThatThrownBy(() -> cursors.decode(scope, flipCharAt(cursor, cursor.length() - 2))).isInstanceOf(InvalidCursor.class);
    }

    @Test
    void cursorOfAnotherScopeIsRejected() {
        String cursor = cursors.encode(scope, key).orElseThrow();

        for (CursorScope other : List.of(
                new CursorScope("other", Optional.empty(), "PK", "TOPIC#1", false, List.of("PK", "SK")),
                new CursorScope("table", Optional.of("GSI1"), "PK", "TOPIC#1", false, List.of("PK", "SK")),
                new CursorScope("table", Optional.empty(), "PK", "TOPIC#2", false, List.of("PK", "SK")),
                new CursorScope("table", Optional.empty(), "PK", "TOPIC#1", true, List.of("PK", "SK")))) {
            assertThatThrownBy(() -> cursors.decode(other, cursor)).as(other.toString()).isInstanceOf(InvalidCursor.class);
        }
    }

    @Test
    void cursorSignedWithAnotherKeyIsRejected() {
        PageCursors otherKey = new PageCursors(() -> "another-key-another-key-another!".getBytes());

        String cursor = otherKey.encode(scope, key).orElseThrow();

        assertThatThrownBy(() -> cursors.decode(scope, cursor)).isInstanceOf(InvalidCursor.class);
    }

    @Test
    void signedKeyThatDoesNotFitTheScopeIsStillRejected() {
        // a key with the right signature but a partition outside the scope could only come from a bug; never use it
        String wrongPartition = cursors.encode(scope, Map.of("PK", AttributeValue.fromS("USER#1"),
                "SK", AttributeValue.fromS("PROFILE"))).orElseThrow();
        String extraAttribute = cursors.encode(scope, Map.of("PK", AttributeValue.fromS("TOPIC#1"),
                "SK", AttributeValue.fromS("x"), "GSI1PK", AttributeValue.fromS("y"))).orElseThrow();

        assertThatThrownBy(() -> cursors.decode(scope, wrongPartition)).isInstanceOf(InvalidCursor.class);
        assertThatThrownBy(() -> cursors.decode(scope, extraAttribute)).isInstanceOf(InvalidCursor.class);
    }

    @Test
    void payloadIsTheTypedKeyInNameOrder() {
        // the format cursors already handed out carry: a container started later still reads them
        String cursor = cursors.encode(scope, Map.of("SK", AttributeValue.fromS("POST#2026#x"),
                "PK", AttributeValue.fromS("TOPIC#1"), "N1", AttributeValue.fromN("42"))).orElseThrow();

        String payload = new String(Base64.getUrlDecoder().decode(cursor.substring(0, cursor.indexOf('.'))), StandardCharsets.UTF_8);

        assertThat(payload).isEqualTo("{\"N1\":{\"N\":\"42\"},\"PK\":{\"S\":\"TOPIC#1\"},\"SK\":{\"S\":\"POST#2026#x\"}}");
        assertThat(cursors.decode(scope, signed("{\"PK\":{\"S\":\"TOPIC#1\"},\"SK\":{\"S\":\"x\"}}")))
                .isEqualTo(Map.of("PK", AttributeValue.fromS("TOPIC#1"), "SK", AttributeValue.fromS("x")));
    }

    @Test
    void signedPayloadsThatAreNotTypedKeysAreRejected() {
        for (String payload : new String[] {"[]", "\"PK\"", "{\"PK\":\"TOPIC#1\"}", "{\"PK\":{}}",
                "{\"PK\":{\"S\":\"TOPIC#1\",\"N\":\"1\"}}", "{\"PK\":{\"S\":1}}", "{\"PK\":{\"B\":\"eA==\"}}",
                "{\"PK\":{\"S\":{\"S\":\"x\"}}}", "{\"PK\":{\"S\":\"TOPIC#1\"}", "not json"}) {
            assertThatThrownBy(() -> cursors.decode(scope, signed(payload))).as(payload).isInstanceOf(InvalidCursor.class);
        }
    }

    /** A cursor for {@code payload} signed with the test's key, as {@link PageCursors} signs. */
    private String signed(String payload) {
        try {
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(scope.canonical().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            return b64.encodeToString(bytes) + "." + b64.encodeToString(mac.doFinal(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void corruptCursorsAreRejected() {
        for (String corrupt : new String[] {"", "abc", "a.b.c", "!!!.???", "e30." + "A".repeat(43), "x".repeat(5000)}) {
            assertThatThrownBy(() -> cursors.decode(scope, corrupt)).as(corrupt).isInstanceOf(InvalidCursor.class);
        }
    }

    @Test
    void shortKeysAndMissingConfigurationAreRefused() {
        assertThatThrownBy(() -> new PageCursors(() -> new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AppContext.fromEnvironment(Map.of()).cursorKey())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CURSOR_KEY");
        assertThat(AppContext.fromEnvironment(Map.of("CURSOR_KEY",
                Base64.getEncoder().encodeToString(new byte[32]))).cursorKey().bytes()).hasSize(32);
        assertThatThrownBy(() -> CursorSigningKeys.fromBase64("not base64!")).isInstanceOf(IllegalStateException.class);
    }
}

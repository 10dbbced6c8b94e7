package dev.sagastack.local.dynamodb.expression;

import static dev.sagastack.local.dynamodb.expression.Av.b;
import static dev.sagastack.local.dynamodb.expression.Av.n;
import static dev.sagastack.local.dynamodb.expression.Av.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import dev.sagastack.local.dynamodb.value.KeyOrdering;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Key ordering: "DynamoDB ... sorts items by sort key value": numbers numerically, strings and
 * binaries by their UTF-8 bytes / bytes as unsigned (DynamoDB Developer Guide, "Query operations
 * in DynamoDB", and the API reference for Query's ScanIndexForward).
 */
class KeyOrderingTest {

    @Test
    void numbersSortNumerically() {
        List<AttributeValue> values = new ArrayList<>(List.of(n(10), n("-1.5"), n(2), n("1E+3"), n(0), n("-10")));
        values.sort(KeyOrdering.COMPARATOR);
        assertThat(values).containsExactly(n("-10"), n("-1.5"), n(0), n(2), n(10), n("1E+3"));
    }

    @Test
    void binariesSortAsUnsignedBytesShorterPrefixFirst() {
        List<AttributeValue> values = new ArrayList<>(List.of(b(0xff), b(0x00, 0x01), b(0x80), b(0x00), b(0x7f)));
        values.sort(KeyOrdering.COMPARATOR);
        assertThat(values).containsExactly(b(0x00), b(0x00, 0x01), b(0x7f), b(0x80), b(0xff));
    }

    @Test
    void stringsSortByTheirUtf8Bytes() {
        long seed = System.nanoTime();
        System.out.println("KeyOrderingTest seed: " + seed);
        Random random = new Random(seed);
        String[] alphabet = {"a", "B", "z", "\u00e9", "\u4e2d", "\uFFFF", "\uD83D\uDE00", "\uE000", "\uD7FF", "#", "0"};
        for (int round = 0; round < 2000; round++) {
            String x = randomString(random, alphabet);
            String y = randomString(random, alphabet);
            int expected = Integer.signum(Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
            assertThat(Integer.signum(KeyOrdering.compare(s(x), s(y)))).as("%s vs %s (seed %d)", x, y, seed).isEqualTo(expected);
        }
    }

    private static String randomString(Random random, String[] alphabet) {
        StringBuilder b = new StringBuilder();
        int length = random.nextInt(4);
        for (int i = 0; i < length; i++) {
            b.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return b.toString();
    }

    @Test
    void onlyKeyTypesHaveAnOrder() {
        assertThatThrownBy(() -> KeyOrdering.compare(AttributeValue.Bool.TRUE, AttributeValue.Bool.FALSE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.sagastack.local.dynamodb.dax;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The order-preserving number encoding of numeric sort keys: round trips and byte order = numeric order. */
class DaxLexDecimalTest {

    private static byte[] encode(BigDecimal d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LexDecimal.encode(d, out);
        return out.toByteArray();
    }

    @Test
    void roundTripsAndSortsLikeTheNumbers() {
        long seed = System.nanoTime();
        System.out.println("DaxLexDecimalTest seed " + seed);
        Random random = new Random(seed);
        List<BigDecimal> numbers = new ArrayList<>(List.of(BigDecimal.ZERO, new BigDecimal("1"), new BigDecimal("-1"),
                new BigDecimal("0.001"), new BigDecimal("-0.001"), new BigDecimal("123456789012345678901234567890"),
                new BigDecimal("-9.99E+100"), new BigDecimal("1E-120"), new BigDecimal("999"), new BigDecimal("1000")));
        for (int i = 0; i < 2000; i++) {
            BigDecimal d = BigDecimal.valueOf(random.nextLong() % 10_000_000_000L, random.nextInt(40) - 20);
            numbers.add(d);
        }
        for (BigDecimal d : numbers) {
            assertThat(LexDecimal.decode(encode(d), 0)).as(d.toString()).isEqualByComparingTo(d);
        }
        List<BigDecimal> sorted = new ArrayList<>(numbers);
        sorted.sort(null);
        List<BigDecimal> byBytes = new ArrayList<>(numbers);
        byBytes.sort((a, b) -> Arrays.compareUnsigned(encode(a), encode(b)));
        for (int i = 0; i < sorted.size(); i++) {
            assertThat(byBytes.get(i)).as("position " + i + " (seed " + seed + ")").isEqualByComparingTo(sorted.get(i));
        }
    }
}

package dev.sagastack.keys;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysTest {

    @Test
    void idsThatCouldBreakTheKeyLayoutAreRejected() {
        for (String bad : new String[] {"", "a#b", "a b", "x".repeat(129), "ü"}) {
            assertThatThrownBy(() -> Keys.userProfile(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Keys.userProfile(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventSortKeysAreTenDigitsAndSortNumerically() {
        assertThat(Keys.event(42)).isEqualTo("EVT#0000000042");
        assertThat(Keys.eventVersion("EVT#0000000042")).isEqualTo(42);
        assertThat(Keys.event(9).compareTo(Keys.event(10))).isNegative();
        assertThatThrownBy(() -> Keys.event(0)).isInstanceOf(IllegalArgumentException.class);
        // the load query relies on events sorting between command markers and the head
        assertThat(Keys.command("AGG#A#1", "c").sk().compareTo(Keys.event(1))).isNegative();
        assertThat(Keys.event(9_999_999_999L).compareTo(Keys.HEAD)).isNegative();
    }

    @Test
    void streamKeysParseBackIntoTypeAndId() {
        assertThat(Keys.parseStream(Keys.stream("Account", "a-1"))).isEqualTo(new Keys.StreamParts("Account", "a-1"));
        for (String bad : new String[] {"USER#1", "AGG#Account", "AGG#Account#a#b", "AGG##a"}) {
            assertThatThrownBy(() -> Keys.parseStream(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void timestampsHaveFixedWidthSoTheySortAsText() {
        assertThat(Keys.time(Instant.parse("2026-01-01T00:00:00Z"))).isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(Keys.time(Instant.parse("2026-01-01T00:00:00.5Z"))).isEqualTo("2026-01-01T00:00:00.500Z");
        assertThat(Keys.post("t", Instant.parse("2026-01-01T00:00:00Z"), "p").sk())
                .isEqualTo("POST#2026-01-01T00:00:00.000Z#p");
    }

    @Test
    void timeOrderedIdsSortByCreationTimeAndEncodeIt() {
        List<String> ids = new ArrayList<>();
        Instant start = Instant.parse("2026-05-05T05:05:05.005Z");
        for (int i = 0; i < 50; i++) {
            Instant at = start.plusMillis(i * 997L);
            ids.add(new TimeOrderedIds(Clock.fixed(at, ZoneOffset.UTC)).next());
            assertThat(TimeOrderedIds.timeOf(ids.get(i))).isEqualTo(at);
        }
        assertThat(ids).isSorted().allMatch(TimeOrderedIds::isTimeOrderedId);
    }
}

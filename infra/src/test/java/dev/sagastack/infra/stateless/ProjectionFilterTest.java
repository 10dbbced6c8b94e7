package dev.sagastack.infra.stateless;

import dev.sagastack.account.AccountService;
import dev.sagastack.keys.Keys;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection's event filter (Lambda event filtering, "prefix" on NewImage keys) matches the keys
 * the event store writes for account events and nothing else of the event-store table.
 */
class ProjectionFilterTest {

    private static boolean passes(String partitionKey, String sortKey) {
        return partitionKey.startsWith(Projections.ACCOUNT_STREAM_PREFIX)
                && sortKey.startsWith(Projections.EVENT_SORT_KEY_PREFIX);
    }

    @Test
    @DisplayName("account events pass; the stream head, command markers and other aggregates' events do not")
    void filterSelectsAccountEventsOnly() {
        String account = Keys.stream(AccountService.AGGREGATE_TYPE, "acc-1");
        assertThat(passes(account, Keys.event(1))).isTrue();
        assertThat(passes(account, Keys.event(9_999_999_999L))).isTrue();
        assertThat(passes(account, Keys.streamHead(account).sk())).isFalse();
        assertThat(passes(account, Keys.command(account, "cmd-1").sk())).isFalse();
        assertThat(passes(Keys.stream("Order", "o-1"), Keys.event(1))).isFalse();
    }

    @Test
    @DisplayName("the filter pattern sent to Lambda is INSERT with those two prefixes")
    void filterPattern() {
        String pattern = String.valueOf(Projections.accountEventsOnly().get("pattern"));
        assertThat(pattern).contains("\"eventName\":[\"INSERT\"]")
                .contains("\"PK\":{\"S\":[{\"prefix\":\"" + Projections.ACCOUNT_STREAM_PREFIX + "\"}]}")
                .contains("\"SK\":{\"S\":[{\"prefix\":\"" + Projections.EVENT_SORT_KEY_PREFIX + "\"}]}");
    }
}

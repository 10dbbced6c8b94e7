package dev.sagastack.infra.stateless;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.account.AccountService;
import dev.sagastack.functions.StreamSubscription;
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
        return partitionKey.startsWith(StreamSubscription.ACCOUNT_SUMMARY.partitionKeyPrefix())
                && sortKey.startsWith(StreamSubscription.ACCOUNT_SUMMARY.sortKeyPrefix());
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
        String pattern = String.valueOf(Projections.filter(StreamSubscription.ACCOUNT_SUMMARY).get("pattern"));
        assertThat(pattern).contains("\"eventName\":[\"INSERT\"]")
                .contains("\"PK\":{\"S\":[{\"prefix\":\"" + StreamSubscription.ACCOUNT_SUMMARY.partitionKeyPrefix() + "\"}]}")
                .contains("\"SK\":{\"S\":[{\"prefix\":\"" + StreamSubscription.ACCOUNT_SUMMARY.sortKeyPrefix() + "\"}]}");
    }

    @Test
    @DisplayName("the deployed filter is the same pattern the twin's stream pollers apply")
    void deployedFilterEqualsTheSharedPattern() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String deployed = String.valueOf(Projections.filter(StreamSubscription.ACCOUNT_SUMMARY).get("pattern"));
        assertThat(json.readTree(deployed)).isEqualTo(json.readTree(StreamSubscription.ACCOUNT_SUMMARY.filterPattern()));
    }
}

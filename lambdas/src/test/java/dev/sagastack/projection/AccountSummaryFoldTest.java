package dev.sagastack.projection;

import dev.sagastack.account.Account;
import dev.sagastack.account.AccountService;
import dev.sagastack.account.AccountStatus;
import dev.sagastack.eventstore.StoredEvent;
import dev.sagastack.eventstore.StreamId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fold alone: no table, no stream, only events and the summary they make. */
class AccountSummaryFoldTest {

    private static final StreamId STREAM = new StreamId(AccountService.AGGREGATE_TYPE, "acc-1");

    private static StoredEvent opened() {
        return new StoredEvent(STREAM, 1, "AccountOpened",
                "{\"accountId\":\"acc-1\",\"ownerId\":\"u-1\",\"currency\":\"EUR\"}", Instant.EPOCH, Optional.empty());
    }

    private static StoredEvent deposited(long version, long amount) {
        return new StoredEvent(STREAM, version, "MoneyDeposited",
                "{\"amount\":" + amount + ",\"currency\":\"EUR\"}", Instant.EPOCH, Optional.empty());
    }

    @Test
    void eventsFoldInOrderAndARedeliveryChangesNothing() {
        Account afterOpen = AccountSummaryFold.apply(null, opened());
        Account afterDeposit = AccountSummaryFold.apply(afterOpen, deposited(2, 500));

        assertThat(afterDeposit).isEqualTo(new Account("acc-1", "u-1", "EUR", 500, AccountStatus.OPEN, 2));
        assertThat(AccountSummaryFold.apply(afterDeposit, deposited(2, 500))).isSameAs(afterDeposit);
        assertThat(AccountSummaryFold.apply(afterDeposit, opened())).isSameAs(afterDeposit);
    }

    @Test
    void aGapNamesTheMissingVersionsAndIsFilledOnlyByExactlyThose() {
        Account afterOpen = AccountSummaryFold.apply(null, opened());
        AccountSummaryFold.Missing missing = AccountSummaryFold.missingBefore(afterOpen, deposited(5, 1));

        assertThat(missing).isEqualTo(new AccountSummaryFold.Missing(2, 4));
        assertThat(AccountSummaryFold.missingBefore(afterOpen, deposited(2, 1)).any()).isFalse();
        assertThatThrownBy(() -> AccountSummaryFold.apply(afterOpen, deposited(5, 1)))
                .isInstanceOf(IllegalStateException.class);
        Account filled = AccountSummaryFold.applyAll(afterOpen,
                List.of(deposited(2, 10), deposited(3, 20), deposited(4, 30)), missing, STREAM.toString());
        assertThat(AccountSummaryFold.apply(filled, deposited(5, 1)).balance()).isEqualTo(61);
        assertThatThrownBy(() -> AccountSummaryFold.applyAll(afterOpen, List.of(deposited(2, 10), deposited(4, 30)),
                missing, STREAM.toString())).hasMessageContaining("lacks version 3");
        assertThatThrownBy(() -> AccountSummaryFold.applyAll(afterOpen, List.of(deposited(2, 10)), missing,
                STREAM.toString())).hasMessageContaining("lacks versions 3..4");
    }
}

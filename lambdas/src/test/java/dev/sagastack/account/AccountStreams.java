package dev.sagastack.account;

import dev.sagastack.eventstore.StreamId;

final class AccountStreams {
    private AccountStreams() {
    }

    static StreamId of(String accountId) {
        return new StreamId(AccountService.AGGREGATE_TYPE, accountId);
    }
}

package dev.sagastack.account;

/** The state of a bank account after {@code version} events. {@code balance} in minor units. */
public record Account(String accountId, String ownerId, String currency, long balance, AccountStatus status,
                      long version) {
}

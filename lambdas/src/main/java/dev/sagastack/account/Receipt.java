package dev.sagastack.account;

/**
 * The result of a command on an account. A retried command returns the receipt of its first run
 * ({@code replayed == true}), never a second effect.
 *
 * @param amount       what the command moved (0 for open/close)
 * @param balanceAfter the balance right after this command's events
 * @param version      the account version right after this command's events
 */
public record Receipt(String accountId, String commandId, long amount, String currency, long balanceAfter,
                      long version, boolean replayed) {
}

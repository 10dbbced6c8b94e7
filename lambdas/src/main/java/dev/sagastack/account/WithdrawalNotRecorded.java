package dev.sagastack.account;

/** The account has no withdrawal of that amount under that command id, so there is nothing to reverse. */
public final class WithdrawalNotRecorded extends AccountException {
    public WithdrawalNotRecorded(String accountId, String withdrawalCommandId, Money amount) {
        super(Kind.CONFLICT, "account " + accountId + " recorded no withdrawal " + withdrawalCommandId + " of " + amount);
    }
}

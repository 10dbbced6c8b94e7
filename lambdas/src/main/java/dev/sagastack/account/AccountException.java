package dev.sagastack.account;

/** A command broke an account rule; nothing was written. Subclasses name the rule. */
public abstract class AccountException extends RuntimeException {
    protected AccountException(String message) {
        super(message);
    }
}

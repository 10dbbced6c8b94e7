package dev.sagastack.account;

import dev.sagastack.errors.Refusal;

/** A command broke an account rule; nothing was written. Subclasses name the rule. */
public abstract class AccountException extends Refusal {
    protected AccountException(Kind kind, String message) {
        super(kind, message);
    }
}

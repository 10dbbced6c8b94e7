package dev.sagastack.errors;

import java.util.Optional;

/**
 * A request the domain refused; nothing was written. Its {@link Kind} says what the caller can do
 * about it, and each boundary maps the kind once: the HTTP API to a status, the saga steps to the
 * error names the state machine acts on. Subclasses name the rule ({@link #code()}) and, where the
 * refusal is about one input, the {@link #field()}.
 */
public abstract class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of refusal: the part every boundary maps. */
    public enum Kind {
        /** The thing named does not exist. */
        NOT_FOUND,
        /** The stored state contradicts the request (it was already done differently, or moved on). */
        CONFLICT,
        /** The request itself is malformed or out of range. */
        INVALID,
        /** A domain rule forbids it now (no overdraft, not enough stock, account closed). */
        BUSINESS_RULE,
        /** It may pass if tried again (contention, an unreachable dependency). */
        TRANSIENT
    }

    private final Kind kind;

    protected Refusal(Kind kind, String message) {
        this(kind, message, null);
    }

    protected Refusal(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public final Kind kind() {
        return kind;
    }

    /** The rule's name, as clients and operators see it; by default the class's simple name. */
    public String code() {
        return getClass().getSimpleName();
    }

    /** The request field the refusal is about, if one. */
    public Optional<String> field() {
        return Optional.empty();
    }

    /** What a client may be told; the message itself unless it carries internals. */
    public String publicMessage() {
        return getMessage();
    }
}

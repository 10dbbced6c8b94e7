package dev.sagastack.local.iam.policy;

/** A policy the evaluator cannot honour exactly; refused at load time rather than guessed at. */
public final class PolicyParseException extends RuntimeException {

    public PolicyParseException(String message) {
        super(message);
    }
}

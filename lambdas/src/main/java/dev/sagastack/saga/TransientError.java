package dev.sagastack.saga;

/** A dependency failed for a reason that may pass (connection lost, throttling, a lost optimistic-concurrency race); nothing was half-done, and the state machine retries with backoff. */
public final class TransientError extends StepError {

    private static final long serialVersionUID = 1L;

    TransientError(String message, Throwable cause) {
        super(message, cause);
    }


    @Override
    public boolean business() {
        return false;
    }
}

package dev.sagastack.systemtest.saga;

/** What the fault-injecting invoker does to one attempt of one Task state. */
enum Fault {
    /** The function runs and its response arrives. */
    NONE,
    /** Lambda fails the invoke (HTTP 500) before the function runs: Lambda.ServiceException. */
    SERVICE_ERROR_BEFORE,
    /** The function runs (its side effect happens), then the response is lost: Lambda.ServiceException. */
    CRASH_AFTER_EFFECT,
    /** The function runs, but its response arrives after the Task's TimeoutSeconds: States.Timeout. */
    TIMEOUT_AFTER_EFFECT,
    /** The invoke hangs without the function running: States.Timeout. */
    TIMEOUT_BEFORE_EFFECT,
    /** The function fails with the application's retryable TransientError, without side effect. */
    TRANSIENT_ERROR
}

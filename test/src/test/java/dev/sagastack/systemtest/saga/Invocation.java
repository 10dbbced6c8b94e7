package dev.sagastack.systemtest.saga;

import java.util.Optional;

/**
 * One attempt of a Task as the invoker saw it.
 *
 * @param response the function's JSON response when it ran and returned (even if the fault then hid it)
 * @param error    the error type reported to the engine, if any
 */
record Invocation(String executionArn, String stateName, String functionName, int retryCount, Fault fault,
                  Optional<String> response, Optional<String> error) {
}

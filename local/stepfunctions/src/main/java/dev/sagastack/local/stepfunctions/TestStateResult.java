package dev.sagastack.local.stepfunctions;

import java.util.Optional;

/**
 * The answer of TestState: status SUCCEEDED, FAILED, RETRIABLE or CAUGHT_ERROR, the state's output,
 * the error and cause when it failed, and the next state it would go to.
 */
public record TestStateResult(String status, Optional<String> output, Optional<String> error,
                              Optional<String> cause, Optional<String> nextState) {
}

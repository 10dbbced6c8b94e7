package dev.sagastack.local.stepfunctions;

/**
 * An API call refused, with the error code AWS uses as {@code __type} (StateMachineDoesNotExist,
 * ExecutionDoesNotExist, ExecutionAlreadyExists, InvalidArn, InvalidName, InvalidDefinition,
 * InvalidToken, TaskDoesNotExist, TaskTimedOut, ValidationException, ...).
 */
public final class StepFunctionsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    public StepFunctionsException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}

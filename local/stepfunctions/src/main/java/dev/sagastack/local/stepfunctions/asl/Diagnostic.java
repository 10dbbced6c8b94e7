package dev.sagastack.local.stepfunctions.asl;

/**
 * A finding of definition validation, shaped like ValidateStateMachineDefinition's diagnostics:
 * code (SCHEMA_VALIDATION_FAILED, MISSING_TRANSITION_TARGET, ...), message, and JSON-pointer-like location.
 */
public record Diagnostic(String code, String message, String location) {
    /** The form CreateStateMachine puts in its InvalidDefinition message: "CODE: message at location". */
    public String summary() {
        return code + ": " + message + " at " + (location == null ? "null" : location);
    }
}

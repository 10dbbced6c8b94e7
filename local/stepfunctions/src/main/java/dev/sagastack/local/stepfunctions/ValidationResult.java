package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.asl.Diagnostic;

import java.util.List;

/** ValidateStateMachineDefinition's answer: OK with no diagnostics, or FAIL with them. */
public record ValidationResult(boolean ok, List<Diagnostic> diagnostics) {
}

package dev.sagastack.local.stepfunctions.asl;

import java.util.List;
import java.util.stream.Collectors;

/** A definition AWS would reject; the message is AWS's "Invalid State Machine Definition: '...'" text. */
public final class InvalidDefinitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    public InvalidDefinitionException(List<Diagnostic> diagnostics) {
        super("Invalid State Machine Definition: '"
                + diagnostics.stream().map(Diagnostic::summary).collect(Collectors.joining(", ")) + "'");
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}

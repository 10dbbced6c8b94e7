package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PathExpr;

/**
 * An integer field that a definition gives in one of three forms: a fixed number
 * ({@code TimeoutSeconds: 30}), a JSONPath in the {@code …Path} variant ({@code TimeoutSecondsPath})
 * or a JSONata expression ({@code "TimeoutSeconds": "{% ... %}"}). One value, so a state cannot hold
 * two forms of the same field.
 */
public sealed interface IntegerSetting {
    /** A number written in the definition. */
    record Fixed(int value) implements IntegerSetting {
    }

    /** The {@code …Path} field: read from the state's effective input (or context, variables). */
    record FromPath(PathExpr path) implements IntegerSetting {
    }

    /** A JSONata expression evaluated when the state runs. */
    record FromExpression(JsonataTemplate expression) implements IntegerSetting {
    }
}

package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.Intrinsic;
import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PathExpr;

/**
 * A field that a definition gives in one of its forms: a value written in the definition
 * ({@code TimeoutSeconds: 30}, {@code Error: "Oops"}), the {@code …Path} variant read when the
 * state runs ({@code TimeoutSecondsPath}, {@code ErrorPath}, which may also be an intrinsic
 * function call) or a JSONata expression ({@code "TimeoutSeconds": "{% ... %}"}). One value, so a
 * state cannot hold two forms of the same field.
 *
 * @param <T> the type of a value written in the definition
 */
public sealed interface Setting<T> {
    /** A value written in the definition. */
    record Fixed<T>(T value) implements Setting<T> {
    }

    /** The {@code …Path} field: read from the state's effective input (or context, variables). */
    record FromPath<T>(PathExpr path) implements Setting<T> {
    }

    /** The {@code …Path} field given as an intrinsic function call (Fail's ErrorPath and CausePath). */
    record FromIntrinsic<T>(Intrinsic function) implements Setting<T> {
    }

    /** A JSONata expression evaluated when the state runs. */
    record FromExpression<T>(JsonataTemplate expression) implements Setting<T> {
    }
}

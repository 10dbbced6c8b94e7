package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.PathExpr;

/**
 * An InputPath/OutputPath/ResultPath value: absent (the default {@code $}), JSON null (discard), or a path.
 */
public final class PathField {
    public static final PathField DEFAULT = new PathField(null, false);
    public static final PathField NULL = new PathField(null, true);

    private final PathExpr path;
    private final boolean isNull;

    private PathField(PathExpr path, boolean isNull) {
        this.path = path;
        this.isNull = isNull;
    }

    public static PathField of(PathExpr p) {
        return "$".equals(p.text()) ? DEFAULT : new PathField(p, false);
    }

    public boolean isDefault() {
        return this == DEFAULT;
    }

    public boolean isNull() {
        return isNull;
    }

    public PathExpr path() {
        return path;
    }
}

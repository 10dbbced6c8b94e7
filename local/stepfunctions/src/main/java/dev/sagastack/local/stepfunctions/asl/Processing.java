package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PayloadTemplate;

/**
 * A state's input and output processing: the JSONPath fields (InputPath, Parameters,
 * ResultSelector, ResultPath, OutputPath, Assign) or the JSONata ones (Arguments, Output, Assign).
 * A field the state's type or query language does not have is absent: null, or {@link PathField#DEFAULT}.
 */
public record Processing(PathField inputPath, PathField outputPath, PathField resultPath, PayloadTemplate parameters,
                         PayloadTemplate resultSelector, PayloadTemplate assignPath, JsonataTemplate arguments,
                         JsonataTemplate output, JsonataTemplate assignJsonata) {
    /** No processing: the state passes its input on (Fail states have none). */
    public static final Processing NONE = new Processing(PathField.DEFAULT, PathField.DEFAULT, PathField.DEFAULT, null,
            null, null, null, null, null);

    /** The same processing without Parameters (a Map state's Parameters is its ItemSelector). */
    public Processing withoutParameters() {
        return new Processing(inputPath, outputPath, resultPath, null, resultSelector, assignPath, arguments, output,
                assignJsonata);
    }
}

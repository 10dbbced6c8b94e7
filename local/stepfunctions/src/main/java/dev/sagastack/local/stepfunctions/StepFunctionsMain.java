package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.cli.Runner;

/** Command-line entry point of sagastack-stepfunctions.jar: {@code run} and {@code serve}. */
public final class StepFunctionsMain {
    private StepFunctionsMain() {
    }

    public static void main(String[] args) {
        int code = Runner.main(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }
}

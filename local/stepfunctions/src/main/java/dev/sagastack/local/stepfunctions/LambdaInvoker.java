package dev.sagastack.local.stepfunctions;

/**
 * Runs Lambda functions for Task states ({@code arn:aws:states:::lambda:invoke} and plain function
 * ARNs). The host (the twin, a test) implements it with in-process handlers. Called on the engine's
 * task pool, one call per attempt; it may block.
 *
 * <p>Return {@link InvocationResult#success} with the function's response JSON, or
 * {@link InvocationResult#functionError} to report an error the way Lambda does; the Task then
 * fails with Error = errorType and Cause = {@code {"errorMessage","errorType","requestId","stackTrace"}}.
 * An exception thrown from {@code invoke} is reported like Lambda's Java runtime reports an uncaught
 * exception (errorType = the exception's class name).
 */
@FunctionalInterface
public interface LambdaInvoker {
    InvocationResult invoke(String functionName, String payloadJson, InvocationContext context) throws Exception;

    /** An invoker that knows no functions: every call fails with Lambda.ResourceNotFoundException. */
    static LambdaInvoker none() {
        return (name, payload, ctx) -> InvocationResult.serviceError("Lambda.ResourceNotFoundException",
                "Function not found: " + ctx.functionArn()
                        + " (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException)");
    }
}

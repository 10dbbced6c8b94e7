package dev.sagastack.local.stepfunctions;

import java.util.Optional;

/**
 * What the engine knows about one Lambda invocation.
 *
 * @param functionName  the bare function name resolved from FunctionName or the Resource ARN
 * @param functionArn   the full function ARN (with qualifier when one was given)
 * @param qualifier     version or alias, when FunctionName carried one
 * @param executionArn  the execution running the Task
 * @param stateName     the Task state's name
 * @param taskToken     the task token for {@code .waitForTaskToken} tasks
 * @param retryCount    0 for the first attempt, then 1, 2... for retries
 */
public record InvocationContext(String functionName, String functionArn, Optional<String> qualifier,
                                String executionArn, String stateName, Optional<String> taskToken,
                                int retryCount) {
}

package dev.sagastack.local.stepfunctions.task;

import dev.sagastack.local.stepfunctions.asl.TaskResource;

/**
 * One attempt of a Task state, as handed to the integrations (on the task pool).
 *
 * @param parameters    the resolved Parameters/Arguments (or the effective input)
 * @param taskToken     the token for .waitForTaskToken tasks, else null
 * @param attempt       how many times the state's retriers have run it already (0 first)
 * @param mockAttempt   how many times this state was invoked in this execution (for mocked responses)
 * @param roleArn       the execution role of the state machine (version) the execution runs
 */
public record TaskRequest(String executionArn, String stateMachineName, String testCase, String stateName,
                          String resourceArn, TaskResource resource, Object parameters, String taskToken,
                          int attempt, int mockAttempt, Integer timeoutSeconds, String roleArn) {
}

package dev.sagastack.local.stepfunctions;

import java.util.Optional;

/**
 * What DescribeStateMachineForExecution answers: the state machine an execution runs and, for a child workflow
 * execution of a Map Run, that Map Run's ARN and the Map state's label.
 */
public record StateMachineForExecution(StateMachineInfo stateMachine, Optional<String> mapRunArn,
                                       Optional<String> label) {
}

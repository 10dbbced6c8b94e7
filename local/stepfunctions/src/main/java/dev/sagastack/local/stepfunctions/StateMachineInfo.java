package dev.sagastack.local.stepfunctions;

import java.time.Instant;

/** A state machine as DescribeStateMachine reports it (definition after substitutions). */
public record StateMachineInfo(String stateMachineArn, String name, String definition, String roleArn,
                               String type, Instant creationDate, String revisionId) {
}

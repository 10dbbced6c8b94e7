package dev.sagastack.local.stepfunctions;

import java.time.Instant;
import java.util.Optional;

/**
 * A state machine as DescribeStateMachine reports it (definition after substitutions). For a version
 * ARN, {@code stateMachineArn} is the version's ARN and {@code description} its description.
 */
public record StateMachineInfo(String stateMachineArn, String name, String definition, String roleArn,
                               String type, Instant creationDate, String revisionId, Optional<String> description) {

    public StateMachineInfo(String stateMachineArn, String name, String definition, String roleArn, String type,
                            Instant creationDate, String revisionId) {
        this(stateMachineArn, name, definition, roleArn, type, creationDate, revisionId, Optional.empty());
    }
}

package dev.sagastack.local.stepfunctions;

import java.time.Instant;
import java.util.Optional;

/** A published, immutable version of a state machine (PublishStateMachineVersion). */
public record StateMachineVersion(String stateMachineVersionArn, int number, String definition, String roleArn,
                                  Optional<String> description, Instant creationDate, String revisionId) {
}

package dev.sagastack.local.stepfunctions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A state machine alias routing executions to one or two versions by weight (CreateStateMachineAlias). */
public record StateMachineAlias(String stateMachineAliasArn, String name, Optional<String> description,
                                List<Route> routingConfiguration, Instant creationDate, Instant updateDate) {

    /** One entry of the routing configuration: a version and the percentage of executions it gets. */
    public record Route(String stateMachineVersionArn, int weight) {
    }
}

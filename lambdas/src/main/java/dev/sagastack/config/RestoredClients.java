package dev.sagastack.config;

import java.util.Map;

/**
 * What {@link AwsClients#afterRestore()} did with each client the container had built before its
 * SnapStart snapshot; clients never built are not listed (they are made fresh on first use).
 */
public record RestoredClients(Map<Client, Outcome> outcomes) {

    public enum Client { DYNAMODB, DAX, STEP_FUNCTIONS, SSM, INVENTORY_DATABASE }

    public enum Outcome {
        /** The client was kept and a call through it was answered: its connections work. */
        VALIDATED,
        /** The client was closed and a new one built in its place. */
        REBUILT,
        /** The connection was dropped and a new one opened and checked. */
        REOPENED,
        /** Renewed or kept, but its endpoint did not answer; the first request tries again. */
        UNREACHABLE
    }

    public RestoredClients {
        outcomes = Map.copyOf(outcomes);
    }
}

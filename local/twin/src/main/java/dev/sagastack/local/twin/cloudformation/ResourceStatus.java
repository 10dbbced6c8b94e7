package dev.sagastack.local.twin.cloudformation;

/** What the twin does with a resource of the template. */
public enum ResourceStatus {
    /** The twin runs it locally from its template properties. */
    EMULATED,
    /** Infrastructure only (network, keys, alarms, roles, logs): listed with its type and name, not run. */
    ACKNOWLEDGED
}

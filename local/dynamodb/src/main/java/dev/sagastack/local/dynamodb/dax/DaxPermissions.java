package dev.sagastack.local.dynamodb.dax;

import java.util.Optional;

/**
 * What the principal of an authenticated connection may do on the cluster: each data request is checked for its
 * {@code dax:} actions (Service Authorization Reference, "Actions, resources, and condition keys for Amazon DynamoDB
 * Accelerator (DAX)") before it runs; a refusal is answered with an AccessDeniedException error.
 */
@FunctionalInterface
public interface DaxPermissions {

    /** Allows every request (the standalone engine, or access control switched off). */
    DaxPermissions ALL = action -> Optional.empty();

    /** Empty when {@code action} (such as {@code dax:GetItem}) is allowed; otherwise the refusal's message. */
    Optional<String> refusal(String action);
}

package dev.sagastack.local.twin.access;

import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.ServiceError;

import java.util.Optional;

/**
 * What stands in front of one of the twin's AWS endpoints: it verifies the request's signature and the signer's
 * policies, and names the service's own error when it refuses. Both ways into an engine (its TCP endpoint and the
 * in-process transport of the twin's JVM) pass through the same guard.
 */
@FunctionalInterface
public interface EndpointGuard {

    /** Lets everything through: access control turned off ({@code --iam off}). */
    EndpointGuard OPEN = request -> Optional.empty();

    /** Empty to let the request through; otherwise the error the service answers with. */
    Optional<ServiceError> refusal(HttpRequestView request);
}

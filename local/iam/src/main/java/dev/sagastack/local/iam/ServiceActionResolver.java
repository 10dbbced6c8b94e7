package dev.sagastack.local.iam;

import java.util.List;

/**
 * Turns one API request of a service into what IAM authorizes for it, following the Service
 * Authorization Reference: the actions, the resource ARNs and the condition keys.
 */
public interface ServiceActionResolver {

    AwsService service();

    /**
     * @throws UnreadableRequest when the request does not name an operation or its resources; the
     *                           front end answers with its own validation error
     */
    List<AuthorizationRequest> resolve(HttpRequestView request, ResourceScope scope);

    /** Region and account in which the request's resources live. */
    record ResourceScope(String region, String accountId) {
    }

    /** A request whose operation or resources cannot be read. */
    final class UnreadableRequest extends RuntimeException {
        public UnreadableRequest(String message) {
            super(message);
        }
    }
}

package dev.sagastack.local.twin.access;

import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.AwsService;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.ServiceActionResolver;

import java.util.List;

/**
 * The local DynamoDB engine's fault endpoint ({@code X-Amz-Target: SagastackLocalFaults.*}, served only with
 * {@code --allow-faults}) is no AWS operation: it is authorized as the action {@code sagastack-local:<operation>}
 * on every resource, which no template role is granted, so only the administrator (allowed everything) may inject
 * faults, with a valid signature like any other call.
 */
final class LocalFaultActions implements ServiceActionResolver {

    static final String TARGET_PREFIX = "SagastackLocalFaults.";

    @Override
    public AwsService service() {
        return AwsService.DYNAMODB;
    }

    @Override
    public List<AuthorizationRequest> resolve(HttpRequestView request, ResourceScope scope) {
        String target = request.header("x-amz-target").orElse("");
        return List.of(new AuthorizationRequest("sagastack-local:" + target.substring(TARGET_PREFIX.length()), "*"));
    }
}

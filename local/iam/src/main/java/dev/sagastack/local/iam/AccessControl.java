package dev.sagastack.local.iam;

import dev.sagastack.local.iam.policy.Evaluation;
import dev.sagastack.local.iam.policy.PolicyEvaluator;
import dev.sagastack.local.iam.sigv4.SigV4Verifier;
import dev.sagastack.local.iam.sigv4.SigningScope;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one entry point a local endpoint calls per request: verify the SigV4 signature, resolve the
 * operation into IAM actions and resources, evaluate the principal's policies, and answer with a
 * {@link Decision} that carries the service's own error when it refuses. Internal callers that act
 * as a role (the state machine invoking a function) use {@link #authorize(Principal, List)}.
 * Every denial is logged and kept (the most recent ones) for the console.
 */
public final class AccessControl {

    private static final Logger LOG = System.getLogger(AccessControl.class.getName());
    private static final int KEPT_DENIALS = 500;

    private final CredentialStore credentials;
    private final AccessModel model;
    private final String region;
    private final SigV4Verifier verifier;
    private final Map<AwsService, SigningScope> scopes = new ConcurrentHashMap<>();
    private final Deque<Evaluation> denials = new ArrayDeque<>();

    private AccessControl(CredentialStore credentials, AccessModel model, String region, Clock clock) {
        this.credentials = credentials;
        this.model = model;
        this.region = region;
        this.verifier = new SigV4Verifier(credentials, clock);
    }

    public static AccessControl create(CredentialStore credentials, AccessModel model, String region, Clock clock) {
        return new AccessControl(credentials, model, region, clock);
    }

    public CredentialStore credentials() {
        return credentials;
    }

    public String region() {
        return region;
    }

    public Decision authorize(HttpRequestView request, ServiceActionResolver resolver) {
        SigningScope scope = scopes.computeIfAbsent(resolver.service(),
                s -> new SigningScope(region, s.signingName()));
        Authentication authentication = verifier.verify(request, scope);
        if (authentication instanceof SignatureFailure failure) {
            LOG.log(Level.INFO, () -> "refused signature for " + resolver.service() + ": " + failure.kind());
            return new Decision.Unauthenticated(failure);
        }
        Principal principal = ((Authentication.Verified) authentication).principal();
        List<AuthorizationRequest> requests;
        try {
            requests = resolver.resolve(request, new ServiceActionResolver.ResourceScope(region,
                    credentials.accountId()));
        } catch (ServiceActionResolver.UnreadableRequest e) {
            return new Decision.Unreadable(principal, e.getMessage());
        }
        return authorize(principal, requests);
    }

    /** Authorizes calls a principal makes without an HTTP request of its own (a role acting in-process). */
    public Decision authorize(Principal principal, List<AuthorizationRequest> requests) {
        List<Evaluation> evaluations = new ArrayList<>(requests.size());
        for (AuthorizationRequest request : requests) {
            Evaluation evaluation = PolicyEvaluator.evaluate(principal, withGlobalKeys(principal, request),
                    model.identityPolicies(principal), model.resourcePolicies(request.resource()));
            if (!evaluation.allowed()) {
                record(evaluation);
                return new Decision.Denied(principal, evaluation);
            }
            evaluations.add(evaluation);
        }
        return new Decision.Allowed(principal, List.copyOf(evaluations));
    }

    /** The most recent denials, newest first. */
    public List<Evaluation> recentDenials() {
        synchronized (denials) {
            return List.copyOf(denials);
        }
    }

    private void record(Evaluation denial) {
        LOG.log(Level.WARNING, () -> "access denied: " + denial.explanation());
        synchronized (denials) {
            denials.addFirst(denial);
            while (denials.size() > KEPT_DENIALS) {
                denials.removeLast();
            }
        }
    }

    // Global condition keys every request carries ("AWS global condition context keys"); keys the
    // caller set (aws:SourceArn for a service principal) are kept.
    private AuthorizationRequest withGlobalKeys(Principal principal, AuthorizationRequest request) {
        Map<String, List<String>> context = new HashMap<>(request.context());
        context.putIfAbsent("aws:principalarn", List.of(principal.roleArn().orElse(principal.arn())));
        context.putIfAbsent("aws:principalaccount", List.of(principal.accountId()));
        context.putIfAbsent("aws:principaltype", List.of(switch (principal.kind()) {
            case ADMINISTRATOR -> "Account";
            case ASSUMED_ROLE -> "AssumedRole";
            case SERVICE -> "AWSService";
        }));
        context.putIfAbsent("aws:requestedregion", List.of(region));
        return new AuthorizationRequest(request.action(), request.resource(), context);
    }
}

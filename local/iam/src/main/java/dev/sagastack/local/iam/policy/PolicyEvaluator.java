package dev.sagastack.local.iam.policy;

import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.Principal;
import dev.sagastack.local.iam.policy.Evaluation.MatchedStatement;
import dev.sagastack.local.iam.policy.Evaluation.Outcome;
import dev.sagastack.local.iam.policy.Evaluation.PolicyKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * IAM's evaluation of a request within one account ("Policy evaluation logic", IAM User Guide):
 * an explicit Deny in any applicable policy wins; otherwise an Allow in an identity-based policy
 * or in the resource's resource-based policy allows; otherwise the request is implicitly denied.
 * (No SCPs, permission boundaries or session policies exist locally.)
 */
public final class PolicyEvaluator {

    private static final int MAX_NEAR_MISSES = 3;

    private PolicyEvaluator() {
    }

    public static Evaluation evaluate(Principal principal, AuthorizationRequest request,
                                      List<PolicyDocument> identityPolicies, List<PolicyDocument> resourcePolicies) {
        Optional<MatchedStatement> deny = first(principal, request, identityPolicies, Statement.Effect.DENY,
                PolicyKind.IDENTITY);
        if (deny.isEmpty()) {
            deny = first(principal, request, resourcePolicies, Statement.Effect.DENY, PolicyKind.RESOURCE);
        }
        if (deny.isPresent()) {
            return new Evaluation(principal.arn(), request, Outcome.EXPLICIT_DENY, deny);
        }
        if (principal.kind() == Principal.Kind.ADMINISTRATOR) {
            return new Evaluation(principal.arn(), request, Outcome.ALLOWED,
                    Optional.of(new MatchedStatement(PolicyKind.ADMINISTRATOR, "account root", "all actions")));
        }
        Optional<MatchedStatement> allow = first(principal, request, identityPolicies, Statement.Effect.ALLOW,
                PolicyKind.IDENTITY);
        if (allow.isEmpty()) {
            allow = first(principal, request, resourcePolicies, Statement.Effect.ALLOW, PolicyKind.RESOURCE);
        }
        return allow.map(s -> new Evaluation(principal.arn(), request, Outcome.ALLOWED, Optional.of(s)))
                .orElseGet(() -> new Evaluation(principal.arn(), request, Outcome.IMPLICIT_DENY, Optional.empty(),
                        nearMisses(principal, request, identityPolicies, resourcePolicies)));
    }

    // The Allow statements that name the action but do not apply, so a denial says what is missing.
    private static List<String> nearMisses(Principal principal, AuthorizationRequest request,
                                           List<PolicyDocument> identityPolicies,
                                           List<PolicyDocument> resourcePolicies) {
        List<String> out = new ArrayList<>();
        for (List<PolicyDocument> policies : List.of(identityPolicies, resourcePolicies)) {
            for (PolicyDocument policy : policies) {
                for (Statement statement : policy.statements()) {
                    if (statement.effect() == Statement.Effect.ALLOW && out.size() < MAX_NEAR_MISSES) {
                        statement.whyNotApplied(principal, request).ifPresent(why -> out.add(statement.label()
                                + " of " + policy.name() + ": " + why));
                    }
                }
            }
        }
        return out;
    }

    private static Optional<MatchedStatement> first(Principal principal, AuthorizationRequest request,
                                                    List<PolicyDocument> policies, Statement.Effect effect,
                                                    PolicyKind kind) {
        for (PolicyDocument policy : policies) {
            for (Statement statement : policy.statements()) {
                if (statement.effect() == effect && statement.applies(principal, request)) {
                    return Optional.of(new MatchedStatement(kind, policy.name(), statement.label()));
                }
            }
        }
        return Optional.empty();
    }
}

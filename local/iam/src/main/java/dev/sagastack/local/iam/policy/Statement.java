package dev.sagastack.local.iam.policy;

import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.Principal;

import java.util.List;
import java.util.Optional;

/**
 * One statement of a policy. Exactly one of Action/NotAction and, for identity policies, one of
 * Resource/NotResource; {@code principals} is set only in resource-based policies.
 */
public record Statement(int index, Optional<String> sid, Effect effect, List<String> actions, boolean notAction,
                        List<String> resources, boolean notResource, Optional<PrincipalPattern> principals,
                        List<Condition> conditions) {

    public enum Effect { ALLOW, DENY }

    public boolean applies(Principal principal, AuthorizationRequest request) {
        if (principals.isPresent() && !principals.get().matches(principal)) {
            return false;
        }
        if (actionMatches(request.action()) == notAction) {
            return false;
        }
        if (resourceMatches(request.resource()) == notResource) {
            return false;
        }
        for (Condition condition : conditions) {
            if (!condition.holds(request)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why a statement that names the request's action does not apply to it, for the console's
     * explanation of a missing allow; empty when the statement does not name the action or applies.
     */
    public Optional<String> whyNotApplied(Principal principal, AuthorizationRequest request) {
        if (actionMatches(request.action()) == notAction) {
            return Optional.empty();
        }
        if (principals.isPresent() && !principals.get().matches(principal)) {
            return Optional.of("principal does not match");
        }
        if (resourceMatches(request.resource()) == notResource) {
            return Optional.of("resource " + (notResource ? "excluded by NotResource " : "not in ") + resources);
        }
        for (Condition condition : conditions) {
            if (!condition.holds(request)) {
                return Optional.of("condition " + condition + " not met");
            }
        }
        return Optional.empty();
    }

    private boolean actionMatches(String action) {
        for (String pattern : actions) {
            if (Wildcards.matches(pattern, action, true)) {
                return true;
            }
        }
        return false;
    }

    private boolean resourceMatches(String resource) {
        for (String pattern : resources) {
            if (Wildcards.arnMatches(pattern, resource)) {
                return true;
            }
        }
        return false;
    }

    /** How the console names the statement: its Sid, or its position. */
    public String label() {
        return sid.map(s -> "Sid " + s).orElse("statement #" + (index + 1));
    }
}

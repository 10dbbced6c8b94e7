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

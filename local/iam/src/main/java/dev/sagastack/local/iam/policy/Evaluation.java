package dev.sagastack.local.iam.policy;

import dev.sagastack.local.iam.AuthorizationRequest;

import java.util.List;
import java.util.Optional;

/**
 * The decision on one authorization request and why: the statement that allowed it, the deny
 * that matched, or the absence of any allow. This is what the console lists for a denial.
 */
public record Evaluation(String principalArn, AuthorizationRequest request, Outcome outcome,
                         Optional<MatchedStatement> statement, List<String> nearMisses) {

    public Evaluation {
        nearMisses = List.copyOf(nearMisses);
    }

    public Evaluation(String principalArn, AuthorizationRequest request, Outcome outcome,
                      Optional<MatchedStatement> statement) {
        this(principalArn, request, outcome, statement, List.of());
    }

    public enum Outcome { ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY }

    public enum PolicyKind {
        IDENTITY("identity-based"), RESOURCE("resource-based"), ADMINISTRATOR("administrator");

        private final String text;

        PolicyKind(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** The statement a decision rests on, named as the console shows it. */
    public record MatchedStatement(PolicyKind kind, String policyName, String statementLabel) {
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED;
    }

    /**
     * The message AWS puts in AccessDeniedException ("Troubleshoot access denied error messages",
     * IAM User Guide): the principal, the action, the resource and the reason.
     */
    public String accessDeniedMessage() {
        String base = "User: " + principalArn + " is not authorized to perform: " + request.action()
                + " on resource: " + request.resource();
        return switch (outcome) {
            case EXPLICIT_DENY -> base + " with an explicit deny in "
                    + (statement.map(s -> s.kind() == PolicyKind.RESOURCE).orElse(false)
                    ? "a resource-based policy" : "an identity-based policy");
            case IMPLICIT_DENY -> base + " because no identity-based policy allows the " + request.action() + " action";
            case ALLOWED -> throw new IllegalStateException("an allowed request has no access denied message");
        };
    }

    /** One line for logs and the console. */
    public String explanation() {
        String what = request.action() + " on " + request.resource() + " by " + principalArn;
        return switch (outcome) {
            case ALLOWED -> "allowed " + what + statement.map(s -> " by " + s.statementLabel() + " of "
                    + s.kind().text() + " policy " + s.policyName()).orElse("");
            case EXPLICIT_DENY -> "denied " + what + statement.map(s -> ": explicit deny " + s.statementLabel()
                    + " of " + s.kind().text() + " policy " + s.policyName()).orElse("");
            case IMPLICIT_DENY -> "denied " + what + ": no statement allows it"
                    + (nearMisses.isEmpty() ? "" : "; for this action: " + String.join("; ", nearMisses));
        };
    }
}

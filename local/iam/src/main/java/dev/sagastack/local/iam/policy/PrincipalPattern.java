package dev.sagastack.local.iam.policy;

import dev.sagastack.local.iam.Principal;

import java.util.List;

/** The Principal element of a resource-based policy: "*", AWS ARNs or account ids, service principals. */
public record PrincipalPattern(boolean everyone, List<String> aws, List<String> services) {

    public boolean matches(Principal principal) {
        if (everyone) {
            return true;
        }
        return switch (principal.kind()) {
            case SERVICE -> services.contains(principal.arn());
            case ASSUMED_ROLE -> aws.contains("*") || aws.contains(principal.arn())
                    || principal.roleArn().map(aws::contains).orElse(false);
            case ADMINISTRATOR -> aws.contains("*") || aws.contains(principal.arn())
                    || aws.contains(principal.accountId());
        };
    }
}

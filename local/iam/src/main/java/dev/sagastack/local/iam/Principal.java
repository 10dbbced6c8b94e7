package dev.sagastack.local.iam;

import java.util.Optional;

/**
 * Who made a call: the account's administrator, a session of an IAM role (what a function, the
 * state machine or an event source mapping acts as), or an AWS service principal such as
 * {@code apigateway.amazonaws.com} invoking a function under a resource-based policy.
 */
public record Principal(Kind kind, String arn, String accountId, Optional<String> roleName,
                        Optional<String> sessionName) {

    public enum Kind { ADMINISTRATOR, ASSUMED_ROLE, SERVICE }

    public static Principal administrator(String accountId) {
        return new Principal(Kind.ADMINISTRATOR, "arn:aws:iam::" + accountId + ":root", accountId,
                Optional.empty(), Optional.empty());
    }

    /** The ARN STS gives a role session: {@code arn:aws:sts::<acct>:assumed-role/<role>/<session>}. */
    public static Principal assumedRole(String accountId, String roleName, String sessionName) {
        return new Principal(Kind.ASSUMED_ROLE,
                "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName, accountId,
                Optional.of(roleName), Optional.of(sessionName));
    }

    public static Principal service(String servicePrincipal, String accountId) {
        return new Principal(Kind.SERVICE, servicePrincipal, accountId, Optional.empty(), Optional.empty());
    }

    /** The role's own ARN, which resource-based policies name as {@code "AWS": "arn:aws:iam::acct:role/r"}. */
    public Optional<String> roleArn() {
        return roleName.map(r -> "arn:aws:iam::" + accountId + ":role/" + r);
    }
}

package dev.sagastack.local.iam;

import dev.sagastack.local.iam.policy.PolicyDocument;

import java.util.List;

/** The policies that apply: a principal's identity-based policies and a resource's resource-based ones. */
public interface AccessModel {

    List<PolicyDocument> identityPolicies(Principal principal);

    List<PolicyDocument> resourcePolicies(String resourceArn);
}

package dev.sagastack.local.iam.policy;

import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.Principal;
import dev.sagastack.local.iam.policy.Evaluation.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** IAM's evaluation logic and condition operators, on policies written as in the IAM User Guide's examples. */
class PolicyEvaluatorTest {

    private static final Principal ROLE = Principal.assumedRole("000000000000", "AppRole", "s1");
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/GameScores";

    private static Evaluation evaluate(String policyJson, AuthorizationRequest request) {
        return PolicyEvaluator.evaluate(ROLE, request, List.of(PolicyDocument.parse("p", policyJson)), List.of());
    }

    private static String allow(String action, String resource, String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"S1\",\"Effect\":\"Allow\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource + "\"" + (condition == null ? "" : ",\"Condition\":" + condition)
                + "}]}";
    }

    private static AuthorizationRequest getItem(Map<String, List<String>> context) {
        return new AuthorizationRequest("dynamodb:GetItem", TABLE, context);
    }

    @Test
    void actionsMatchWithWildcardsIgnoringCase() {
        assertThat(evaluate(allow("DynamoDB:get*", TABLE, null), getItem(Map.of())).allowed()).isTrue();
        assertThat(evaluate(allow("dynamodb:?etItem", TABLE, null), getItem(Map.of())).allowed()).isTrue();
        assertThat(evaluate(allow("dynamodb:Put*", TABLE, null), getItem(Map.of())).allowed()).isFalse();
    }

    @Test
    void resourcesMatchComponentByComponentAndCaseSensitively() {
        assertThat(evaluate(allow("dynamodb:GetItem", "arn:aws:dynamodb:*:*:table/Game*", null), getItem(Map.of()))
                .allowed()).isTrue();
        assertThat(evaluate(allow("dynamodb:GetItem", "arn:aws:dynamodb:*:*:table/gamescores", null),
                getItem(Map.of())).allowed()).isFalse();
        assertThat(evaluate(allow("dynamodb:GetItem", TABLE, null),
                new AuthorizationRequest("dynamodb:GetItem", TABLE + "/index/ByScore")).allowed()).isFalse();
    }

    @Test
    void anExplicitDenyWinsOverAnAllow() {
        String policy = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"NoDeletes\",\"Effect\":\"Deny\",\"Action\":\"dynamodb:DeleteItem\",\"Resource\":\"*\"}]}";

        Evaluation delete = evaluate(policy, new AuthorizationRequest("dynamodb:DeleteItem", TABLE));

        assertThat(delete.outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
        assertThat(delete.statement().orElseThrow().statementLabel()).isEqualTo("Sid NoDeletes");
        assertThat(delete.accessDeniedMessage()).isEqualTo("User: arn:aws:sts::000000000000:assumed-role/AppRole/s1 "
                + "is not authorized to perform: dynamodb:DeleteItem on resource: " + TABLE
                + " with an explicit deny in an identity-based policy");
        assertThat(evaluate(policy, getItem(Map.of())).allowed()).isTrue();
    }

    @Test
    void notActionAndNotResourceAllowEverythingElse() {
        String policy = "{\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":\"dynamodb:Delete*\","
                + "\"NotResource\":\"arn:aws:dynamodb:*:*:table/Audit\"}]}";

        assertThat(evaluate(policy, getItem(Map.of())).allowed()).isTrue();
        assertThat(evaluate(policy, new AuthorizationRequest("dynamodb:DeleteItem", TABLE)).allowed()).isFalse();
        assertThat(evaluate(policy, new AuthorizationRequest("dynamodb:GetItem",
                "arn:aws:dynamodb:us-east-1:000000000000:table/Audit")).allowed()).isFalse();
    }

    @Test
    void forAllValuesStringLikeOnLeadingKeysLimitsToOwnItems() {
        String policy = allow("dynamodb:GetItem", TABLE,
                "{\"ForAllValues:StringLike\":{\"dynamodb:LeadingKeys\":[\"USER#u1\",\"USER#u1#*\"]}}");

        assertThat(evaluate(policy, getItem(Map.of("dynamodb:LeadingKeys", List.of("USER#u1")))).allowed()).isTrue();
        assertThat(evaluate(policy, getItem(Map.of("dynamodb:LeadingKeys", List.of("USER#u1#orders")))).allowed())
                .isTrue();
        assertThat(evaluate(policy, getItem(Map.of("dynamodb:LeadingKeys", List.of("USER#u1", "USER#u2")))).allowed())
                .isFalse();
        // IAM: ForAllValues is true when the request has no such key
        assertThat(evaluate(policy, getItem(Map.of())).allowed()).isTrue();
        assertThat(evaluate(policy, getItem(Map.of("dynamodb:LeadingKeys", List.of("USER#u2")))).explanation())
                .endsWith("no statement allows it; for this action: Sid S1 of p: condition "
                        + "ForAllValues:StringLike dynamodb:LeadingKeys [USER#u1, USER#u1#*] not met");
    }

    @Test
    void forAnyValueNeedsOneMatchingValue() {
        String policy = allow("dynamodb:GetItem", TABLE,
                "{\"ForAnyValue:StringEquals\":{\"dynamodb:Attributes\":[\"email\"]}}");

        assertThat(evaluate(policy, getItem(Map.of("dynamodb:Attributes", List.of("PK", "email")))).allowed()).isTrue();
        assertThat(evaluate(policy, getItem(Map.of("dynamodb:Attributes", List.of("PK")))).allowed()).isFalse();
        assertThat(evaluate(policy, getItem(Map.of())).allowed()).isFalse();
    }

    @Test
    void stringAndArnOperatorsOnSingleValuedKeys() {
        AuthorizationRequest fromQueue = getItem(Map.of("aws:SourceArn",
                List.of("arn:aws:sqs:us-east-1:000000000000:dlq"), "dynamodb:Select", List.of("SPECIFIC_ATTRIBUTES")));

        assertThat(evaluate(allow("dynamodb:GetItem", TABLE, "{\"StringEquals\":{\"dynamodb:Select\":"
                + "\"SPECIFIC_ATTRIBUTES\"}}"), fromQueue).allowed()).isTrue();
        assertThat(evaluate(allow("dynamodb:GetItem", TABLE, "{\"StringNotEquals\":{\"dynamodb:Select\":"
                + "\"SPECIFIC_ATTRIBUTES\"}}"), fromQueue).allowed()).isFalse();
        assertThat(evaluate(allow("dynamodb:GetItem", TABLE, "{\"ArnLike\":{\"aws:SourceArn\":"
                + "\"arn:aws:sqs:*:000000000000:*\"}}"), fromQueue).allowed()).isTrue();
        assertThat(evaluate(allow("dynamodb:GetItem", TABLE, "{\"ArnEquals\":{\"aws:SourceArn\":"
                + "\"arn:aws:sqs:us-east-1:000000000000:other\"}}"), fromQueue).allowed()).isFalse();
        // condition key names are case-insensitive
        assertThat(evaluate(allow("dynamodb:GetItem", TABLE, "{\"StringLike\":{\"AWS:SOURCEARN\":\"*:dlq\"}}"),
                fromQueue).allowed()).isTrue();
    }

    @Test
    void missingKeysFailUnlessIfExists() {
        String strict = allow("dynamodb:GetItem", TABLE, "{\"StringEquals\":{\"dynamodb:ReturnValues\":\"NONE\"}}");
        String lenient = allow("dynamodb:GetItem", TABLE,
                "{\"StringEqualsIfExists\":{\"dynamodb:ReturnValues\":\"NONE\"}}");

        assertThat(evaluate(strict, getItem(Map.of())).allowed()).isFalse();
        assertThat(evaluate(lenient, getItem(Map.of())).allowed()).isTrue();
        assertThat(evaluate(lenient, getItem(Map.of("dynamodb:ReturnValues", List.of("ALL_OLD")))).allowed()).isFalse();
    }

    @Test
    void boolNumericAndNull() {
        AuthorizationRequest request = getItem(Map.of("aws:SecureTransport", List.of("true"),
                "aws:MultiFactorAuthAge", List.of("300")));

        assertThat(evaluate(allow("dynamodb:GetItem", TABLE, "{\"Bool\":{\"aws:SecureTransport\":\"true\"}}"),
                request).allowed()).isTrue();
        assertThat(evaluate(allow("dynamodb:GetItem", TABLE, "{\"Bool\":{\"aws:SecureTransport\":false}}"),
                request).allowed()).isFalse();
        assertThat(evaluate(allow("dynamodb:GetItem", TABLE,
                "{\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":\"3600\"}}"), request).allowed()).isTrue();
        assertThat(evaluate(allow("dynamodb:GetItem", TABLE,
                "{\"NumericGreaterThanEquals\":{\"aws:MultiFactorAuthAge\":\"3600\"}}"), request).allowed()).isFalse();
        assertThat(evaluate(allow("dynamodb:GetItem", TABLE, "{\"Null\":{\"aws:TokenIssueTime\":\"true\"}}"),
                request).allowed()).isTrue();
    }

    @Test
    void resourcePoliciesMatchTheirPrincipal() {
        PolicyDocument permission = PolicyDocument.parse("fn", "{\"Statement\":[{\"Sid\":\"api\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\","
                + "\"Resource\":\"arn:aws:lambda:us-east-1:000000000000:function:f\"}]}");
        AuthorizationRequest invoke = new AuthorizationRequest("lambda:InvokeFunction",
                "arn:aws:lambda:us-east-1:000000000000:function:f");

        assertThat(PolicyEvaluator.evaluate(Principal.service("apigateway.amazonaws.com", "000000000000"), invoke,
                List.of(), List.of(permission)).allowed()).isTrue();
        assertThat(PolicyEvaluator.evaluate(Principal.service("events.amazonaws.com", "000000000000"), invoke,
                List.of(), List.of(permission)).allowed()).isFalse();
        assertThat(PolicyEvaluator.evaluate(ROLE, invoke, List.of(), List.of(permission)).allowed()).isFalse();
    }

    @Test
    void refusesWhatItCannotEvaluateExactly() {
        assertThatThrownBy(() -> PolicyDocument.parse("p", allow("s3:GetObject", "*",
                "{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2026-01-01T00:00:00Z\"}}")))
                .isInstanceOf(PolicyParseException.class).hasMessageContaining("DateGreaterThan");
        assertThatThrownBy(() -> PolicyDocument.parse("p", "{\"Statement\":[{\"Effect\":\"Permit\","
                + "\"Action\":\"s3:*\",\"Resource\":\"*\"}]}")).isInstanceOf(PolicyParseException.class);
        assertThatThrownBy(() -> PolicyDocument.parse("p", "{\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"s3:*\",\"Resource\":{\"Fn::GetAtt\":[\"B\",\"Arn\"]}}]}"))
                .isInstanceOf(PolicyParseException.class).hasMessageContaining("intrinsic");
    }
}

package dev.sagastack.local.iam.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A policy document ("IAM JSON policy element reference") with the name the console shows for it
 * (the inline policy name, the AWS::IAM::Policy's PolicyName or a managed policy ARN).
 */
public record PolicyDocument(String name, List<Statement> statements) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static PolicyDocument parse(String name, String json) {
        try {
            return parse(name, JSON.readTree(json));
        } catch (IOException e) {
            throw new PolicyParseException("policy " + name + " is not JSON: " + e.getMessage());
        }
    }

    public static PolicyDocument parse(String name, JsonNode document) {
        if (document == null || !document.isObject()) {
            throw new PolicyParseException("policy " + name + " must be a JSON object");
        }
        JsonNode statementNode = document.get("Statement");
        if (statementNode == null) {
            throw new PolicyParseException("policy " + name + " has no Statement");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (statementNode.isArray()) {
            statementNode.forEach(nodes::add);
        } else {
            nodes.add(statementNode);
        }
        List<Statement> statements = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            statements.add(statement(name, i, nodes.get(i)));
        }
        return new PolicyDocument(name, List.copyOf(statements));
    }

    private static Statement statement(String policy, int index, JsonNode node) {
        String where = "policy " + policy + " statement #" + (index + 1);
        String effectText = text(node.get("Effect"));
        Statement.Effect effect = switch (effectText) {
            case "Allow" -> Statement.Effect.ALLOW;
            case "Deny" -> Statement.Effect.DENY;
            default -> throw new PolicyParseException(where + ": Effect must be Allow or Deny, got '" + effectText + "'");
        };
        if (node.has("NotPrincipal")) {
            throw new PolicyParseException(where + ": NotPrincipal is not supported");
        }
        boolean notAction = node.has("NotAction");
        if (notAction == node.has("Action")) {
            throw new PolicyParseException(where + ": exactly one of Action and NotAction is required");
        }
        boolean notResource = node.has("NotResource");
        boolean hasPrincipal = node.has("Principal");
        if (notResource && node.has("Resource")) {
            throw new PolicyParseException(where + ": Resource and NotResource cannot both be present");
        }
        if (!hasPrincipal && !notResource && !node.has("Resource")) {
            throw new PolicyParseException(where + ": Resource or NotResource is required");
        }
        List<String> resources = node.has("Resource") || notResource
                ? strings(node.get(notResource ? "NotResource" : "Resource")) : List.of("*");
        return new Statement(index, Optional.ofNullable(node.get("Sid")).map(JsonNode::asText), effect,
                strings(node.get(notAction ? "NotAction" : "Action")), notAction, resources, notResource,
                hasPrincipal ? Optional.of(principal(where, node.get("Principal"))) : Optional.empty(),
                conditions(node.get("Condition")));
    }

    private static PrincipalPattern principal(String where, JsonNode node) {
        if (node.isTextual() && node.asText().equals("*")) {
            return new PrincipalPattern(true, List.of(), List.of());
        }
        if (!node.isObject()) {
            throw new PolicyParseException(where + ": Principal must be \"*\" or an object");
        }
        List<String> aws = node.has("AWS") ? strings(node.get("AWS")) : List.of();
        List<String> services = node.has("Service") ? strings(node.get("Service")) : List.of();
        return new PrincipalPattern(false, aws, services);
    }

    private static List<Condition> conditions(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        List<Condition> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> op : node.properties()) {
            for (Map.Entry<String, JsonNode> key : op.getValue().properties()) {
                out.add(Condition.parse(op.getKey(), key.getKey(), strings(key.getValue())));
            }
        }
        return List.copyOf(out);
    }

    private static List<String> strings(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isArray()) {
            List<String> out = new ArrayList<>();
            node.forEach(n -> out.add(scalar(n)));
            return List.copyOf(out);
        }
        return List.of(scalar(node));
    }

    private static String scalar(JsonNode node) {
        if (!node.isValueNode()) {
            throw new PolicyParseException("expected a string in the policy, got " + node
                    + " (resolve intrinsic functions before parsing)");
        }
        return node.asText();
    }

    private static String text(JsonNode node) {
        return node == null ? "" : node.asText();
    }
}

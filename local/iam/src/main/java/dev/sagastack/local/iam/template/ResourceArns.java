package dev.sagastack.local.iam.template;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;

/**
 * The names and ARNs the twin gives a template's resources, which is what {@code Ref} and
 * {@code Fn::GetAtt} resolve to ("Intrinsic function reference", and each resource type's
 * "Return values"): an explicit name property when the template sets one, otherwise the logical id;
 * generated identifiers (API ids, proxy ids, secret suffixes) derived from the logical id so they
 * are the same on every run.
 */
final class ResourceArns {

    private static final Map<String, String> NAME_PROPERTY = Map.ofEntries(
            Map.entry("AWS::DynamoDB::Table", "TableName"),
            Map.entry("AWS::Lambda::Function", "FunctionName"),
            Map.entry("AWS::IAM::Role", "RoleName"),
            Map.entry("AWS::IAM::ManagedPolicy", "ManagedPolicyName"),
            Map.entry("AWS::StepFunctions::StateMachine", "StateMachineName"),
            Map.entry("AWS::SQS::Queue", "QueueName"),
            Map.entry("AWS::SSM::Parameter", "Name"),
            Map.entry("AWS::SecretsManager::Secret", "Name"),
            Map.entry("AWS::RDS::DBProxy", "DBProxyName"),
            Map.entry("AWS::Logs::LogGroup", "LogGroupName"),
            Map.entry("AWS::DAX::Cluster", "ClusterName"));

    private final String region;
    private final String account;
    private final Intrinsics intrinsics;

    ResourceArns(String region, String account, Intrinsics intrinsics) {
        this.region = region;
        this.account = account;
        this.intrinsics = intrinsics;
    }

    String name(String logicalId, JsonNode resource) {
        String property = NAME_PROPERTY.get(type(resource));
        JsonNode props = resource.get("Properties");
        if (property != null && props != null && props.has(property)) {
            return intrinsics.resolve(props.get(property)).asText();
        }
        return logicalId;
    }

    String ref(String logicalId, JsonNode resource) {
        String name = name(logicalId, resource);
        return switch (type(resource)) {
            case "AWS::IAM::ManagedPolicy" -> "arn:aws:iam::" + account + ":policy/" + name;
            case "AWS::StepFunctions::StateMachine" -> arn("states", "stateMachine:" + name);
            case "AWS::SecretsManager::Secret" -> arn("secretsmanager", "secret:" + name + "-" + id(logicalId, 6));
            case "AWS::SQS::Queue" -> "https://sqs." + region + ".amazonaws.com/" + account + "/" + name;
            case "AWS::ApiGatewayV2::Api" -> id(logicalId, 10);
            case "AWS::KMS::Key" -> id(logicalId, 32);
            case "AWS::Lambda::Alias" -> functionArnOf(resource) + ":" + textProperty(resource, "Name");
            case "AWS::Lambda::Version" -> functionArnOf(resource) + ":1";
            default -> name;
        };
    }

    String getAtt(String logicalId, JsonNode resource, String attribute) {
        String name = name(logicalId, resource);
        String type = type(resource);
        return switch (type + "." + attribute) {
            case "AWS::DynamoDB::Table.Arn" -> arn("dynamodb", "table/" + name);
            case "AWS::DynamoDB::Table.StreamArn" -> arn("dynamodb", "table/" + name + "/stream/" + streamLabel());
            case "AWS::Lambda::Function.Arn" -> arn("lambda", "function:" + name);
            case "AWS::IAM::Role.Arn" -> "arn:aws:iam::" + account + ":role/" + name;
            case "AWS::StepFunctions::StateMachine.Arn" -> arn("states", "stateMachine:" + name);
            case "AWS::StepFunctions::StateMachine.Name" -> name;
            case "AWS::SQS::Queue.Arn" -> arn("sqs", name);
            case "AWS::Logs::LogGroup.Arn" -> arn("logs", "log-group:" + name + ":*");
            case "AWS::KMS::Key.Arn" -> arn("kms", "key/" + id(logicalId, 32));
            case "AWS::DAX::Cluster.Arn" -> arn("dax", "cache/" + name);
            case "AWS::RDS::DBProxy.DBProxyArn" -> arn("rds", "db-proxy:prx-" + id(logicalId, 17));
            case "AWS::RDS::DBProxy.Endpoint" -> name + ".proxy-" + id(logicalId, 12) + "." + region
                    + ".rds.amazonaws.com";
            case "AWS::SecretsManager::Secret.Id" -> ref(logicalId, resource);
            default -> "unresolved:" + logicalId + "." + attribute;
        };
    }

    /** The stream label the twin gives every table's stream. */
    static String streamLabel() {
        return "2026-01-01T00:00:00.000";
    }

    private String functionArnOf(JsonNode resource) {
        String fn = intrinsics.resolve(resource.get("Properties").get("FunctionName")).asText();
        return fn.startsWith("arn:") ? fn : arn("lambda", "function:" + fn);
    }

    private String textProperty(JsonNode resource, String property) {
        return Optional.ofNullable(resource.get("Properties")).map(p -> p.get(property))
                .map(v -> intrinsics.resolve(v).asText()).orElse("");
    }

    private String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + account + ":" + resource;
    }

    private static String type(JsonNode resource) {
        JsonNode type = resource.get("Type");
        return type == null ? "" : type.asText();
    }

    static String id(String logicalId, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(logicalId.getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder();
            for (byte b : digest) {
                out.append(String.format("%02x", b));
            }
            return out.substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

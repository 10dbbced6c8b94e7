package dev.sagastack.local.iam.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.iam.AccessModel;
import dev.sagastack.local.iam.Principal;
import dev.sagastack.local.iam.ServiceActionResolver.ResourceScope;
import dev.sagastack.local.iam.actions.LambdaActions;
import dev.sagastack.local.iam.policy.PolicyDocument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The access rules of a cloud assembly's CloudFormation templates: each AWS::IAM::Role's identity
 * policies (its inline {@code Policies}, the AWS::IAM::Policy and AWS::IAM::ManagedPolicy resources
 * attached to it, and its {@code ManagedPolicyArns}, AWS-managed ones from a built-in table) and
 * the resource-based policies AWS::Lambda::Permission resources add to functions.
 */
public final class TemplateAccessModel implements AccessModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, String> roleNameByLogicalId = new LinkedHashMap<>();
    private final Map<String, List<PolicyDocument>> identityByRole = new HashMap<>();
    private final Map<String, List<PolicyDocument>> resourceByArn = new HashMap<>();
    private final Map<String, Intrinsics> contextByLogicalId = new HashMap<>();
    private final Map<String, JsonNode> resourceByLogicalId = new HashMap<>();

    private TemplateAccessModel() {
    }

    public static TemplateAccessModel fromFiles(List<Path> templates, String region, String accountId) {
        List<JsonNode> parsed = new ArrayList<>();
        for (Path template : templates) {
            try {
                parsed.add(JSON.readTree(Files.readAllBytes(template)));
            } catch (IOException e) {
                throw new TemplateException("cannot read template " + template + ": " + e.getMessage());
            }
        }
        return fromTemplates(parsed, region, accountId);
    }

    /** Reads the templates of one assembly; Fn::ImportValue resolves through their Outputs' exports. */
    public static TemplateAccessModel fromTemplates(List<JsonNode> templates, String region, String accountId) {
        TemplateAccessModel model = new TemplateAccessModel();
        Map<String, Deferred> exports = new HashMap<>();
        Map<String, Deferred> ssmParameters = new HashMap<>();
        List<Intrinsics> contexts = new ArrayList<>();
        for (int i = 0; i < templates.size(); i++) {
            contexts.add(new Intrinsics(region, accountId, "Stack" + i, templates.get(i),
                    name -> Deferred.resolve(exports.get(name)), name -> Deferred.resolve(ssmParameters.get(name))));
        }
        for (int i = 0; i < templates.size(); i++) {
            collectSsmParameters(templates.get(i), contexts.get(i), ssmParameters);
        }
        for (int i = 0; i < templates.size(); i++) {
            Intrinsics context = contexts.get(i);
            templates.get(i).path("Resources").properties().forEach(e -> {
                model.contextByLogicalId.put(e.getKey(), context);
                model.resourceByLogicalId.put(e.getKey(), e.getValue());
            });
        }
        for (int i = 0; i < templates.size(); i++) {
            collectExports(templates.get(i), contexts.get(i), exports);
        }
        for (int i = 0; i < templates.size(); i++) {
            model.readRoles(templates.get(i).path("Resources"), contexts.get(i));
        }
        for (int i = 0; i < templates.size(); i++) {
            model.readAttachedPolicies(templates.get(i).path("Resources"), contexts.get(i), accountId);
            model.readLambdaPermissions(templates.get(i).path("Resources"), contexts.get(i),
                    new ResourceScope(region, accountId));
        }
        model.identityByRole.replaceAll((role, policies) -> List.copyOf(policies));
        model.resourceByArn.replaceAll((arn, policies) -> List.copyOf(policies));
        return model;
    }

    /** The role names the templates define, by logical id: the twin issues each its session credentials. */
    public Map<String, String> roleNamesByLogicalId() {
        return Map.copyOf(roleNameByLogicalId);
    }

    /** What {@code Ref} of the resource resolves to locally (a table's name, a state machine's ARN...). */
    public Optional<String> ref(String logicalId) {
        return Optional.ofNullable(resourceByLogicalId.get(logicalId))
                .map(r -> contextByLogicalId.get(logicalId).arns().ref(logicalId, r));
    }

    /** What {@code Fn::GetAtt} of the resource resolves to locally (an ARN, a stream ARN, a proxy ARN...). */
    public Optional<String> getAtt(String logicalId, String attribute) {
        return Optional.ofNullable(resourceByLogicalId.get(logicalId))
                .map(r -> contextByLogicalId.get(logicalId).arns().getAtt(logicalId, r, attribute));
    }

    @Override
    public List<PolicyDocument> identityPolicies(Principal principal) {
        return principal.roleName().map(r -> identityByRole.getOrDefault(r, List.of())).orElse(List.of());
    }

    @Override
    public List<PolicyDocument> resourcePolicies(String resourceArn) {
        return resourceByArn.getOrDefault(resourceArn, List.of());
    }

    /**
     * A value another stack provides, resolved only when a policy uses it, so that a value nobody reads
     * cannot stop the assembly from loading.
     */
    private record Deferred(Intrinsics context, JsonNode value) {
        static JsonNode resolve(Deferred deferred) {
            return deferred == null ? null : deferred.context().resolve(deferred.value());
        }
    }

    private static void collectSsmParameters(JsonNode template, Intrinsics intrinsics, Map<String, Deferred> out) {
        for (Map.Entry<String, JsonNode> entry : template.path("Resources").properties()) {
            JsonNode resource = entry.getValue();
            JsonNode props = resource.path("Properties");
            if ("AWS::SSM::Parameter".equals(resource.path("Type").asText()) && props.has("Name")) {
                out.put(intrinsics.resolve(props.get("Name")).asText(), new Deferred(intrinsics, props.get("Value")));
            }
        }
    }

    private static void collectExports(JsonNode template, Intrinsics intrinsics, Map<String, Deferred> exports) {
        for (Map.Entry<String, JsonNode> entry : template.path("Outputs").properties()) {
            JsonNode output = entry.getValue();
            if (output.has("Export")) {
                String name = intrinsics.resolve(output.get("Export").get("Name")).asText();
                exports.put(name, new Deferred(intrinsics, output.get("Value")));
            }
        }
    }

    private void readRoles(JsonNode resources, Intrinsics intrinsics) {
        for (Map.Entry<String, JsonNode> entry : resources.properties()) {
            if (!"AWS::IAM::Role".equals(entry.getValue().path("Type").asText())) {
                continue;
            }
            String roleName = intrinsics.arns().name(entry.getKey(), entry.getValue());
            roleNameByLogicalId.put(entry.getKey(), roleName);
            List<PolicyDocument> policies = identityByRole.computeIfAbsent(roleName, r -> new ArrayList<>());
            JsonNode props = entry.getValue().path("Properties");
            for (JsonNode inline : props.path("Policies")) {
                policies.add(PolicyDocument.parse(inline.path("PolicyName").asText(),
                        intrinsics.resolve(inline.get("PolicyDocument"))));
            }
            for (JsonNode arnNode : props.path("ManagedPolicyArns")) {
                String arn = intrinsics.resolve(arnNode).asText();
                if (AwsManagedPolicies.isAwsManaged(arn)) {
                    policies.add(AwsManagedPolicies.byArn(arn).orElseThrow(() -> new TemplateException(
                            "role " + roleName + " attaches " + arn + ", an AWS-managed policy the twin does not know")));
                } else {
                    policies.add(customerManaged(resources, intrinsics, arn)
                            .orElseThrow(() -> new TemplateException("role " + roleName + " attaches " + arn
                                    + ", which no AWS::IAM::ManagedPolicy of the template defines")));
                }
            }
        }
    }

    private static Optional<PolicyDocument> customerManaged(JsonNode resources, Intrinsics intrinsics, String arn) {
        for (Map.Entry<String, JsonNode> entry : resources.properties()) {
            if ("AWS::IAM::ManagedPolicy".equals(entry.getValue().path("Type").asText())
                    && intrinsics.arns().ref(entry.getKey(), entry.getValue()).equals(arn)) {
                return Optional.of(PolicyDocument.parse(arn,
                        intrinsics.resolve(entry.getValue().path("Properties").get("PolicyDocument"))));
            }
        }
        return Optional.empty();
    }

    private void readAttachedPolicies(JsonNode resources, Intrinsics intrinsics, String accountId) {
        for (Map.Entry<String, JsonNode> entry : resources.properties()) {
            String type = entry.getValue().path("Type").asText();
            if (!Set.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy").contains(type)) {
                continue;
            }
            JsonNode props = entry.getValue().path("Properties");
            String name = type.equals("AWS::IAM::Policy") ? intrinsics.resolve(props.get("PolicyName")).asText()
                    : intrinsics.arns().ref(entry.getKey(), entry.getValue());
            PolicyDocument document = PolicyDocument.parse(name, intrinsics.resolve(props.get("PolicyDocument")));
            for (JsonNode role : props.path("Roles")) {
                String roleName = roleName(intrinsics.resolve(role).asText(), accountId);
                identityByRole.computeIfAbsent(roleName, r -> new ArrayList<>()).add(document);
            }
        }
    }

    // A role is named by name, or by ARN when it comes from another stack's export.
    private static String roleName(String nameOrArn, String accountId) {
        String prefix = "arn:aws:iam::" + accountId + ":role/";
        String name = nameOrArn.startsWith(prefix) ? nameOrArn.substring(prefix.length()) : nameOrArn;
        return name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
    }

    /**
     * An AWS::Lambda::Permission becomes one statement of the function's resource-based policy, as
     * AddPermission writes it: the principal, the action on the (qualified) function ARN, and the
     * SourceArn/SourceAccount conditions.
     */
    private void readLambdaPermissions(JsonNode resources, Intrinsics intrinsics, ResourceScope scope) {
        for (Map.Entry<String, JsonNode> entry : resources.properties()) {
            if (!"AWS::Lambda::Permission".equals(entry.getValue().path("Type").asText())) {
                continue;
            }
            JsonNode props = intrinsics.resolve(entry.getValue().path("Properties"));
            String functionArn = LambdaActions.functionArn(scope, props.path("FunctionName").asText(), Optional.empty());
            String principal = props.path("Principal").asText();
            ObjectNode statement = NODES.objectNode();
            statement.put("Sid", entry.getKey());
            statement.put("Effect", "Allow");
            ObjectNode principalNode = statement.putObject("Principal");
            principalNode.put(principal.endsWith(".amazonaws.com") ? "Service" : "AWS", principal);
            statement.put("Action", props.path("Action").asText());
            statement.put("Resource", functionArn);
            ObjectNode condition = NODES.objectNode();
            if (props.has("SourceArn")) {
                condition.putObject("ArnLike").put("AWS:SourceArn", props.get("SourceArn").asText());
            }
            if (props.has("SourceAccount")) {
                condition.putObject("StringEquals").put("AWS:SourceAccount", props.get("SourceAccount").asText());
            }
            if (!condition.isEmpty()) {
                statement.set("Condition", condition);
            }
            ObjectNode document = NODES.objectNode();
            document.put("Version", "2012-10-17");
            ArrayNode statements = document.putArray("Statement");
            statements.add(statement);
            resourceByArn.computeIfAbsent(functionArn, a -> new ArrayList<>())
                    .add(PolicyDocument.parse("resource policy of " + functionArn, document));
        }
    }
}

package dev.sagastack.local.twin.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.twin.lambda.FunctionArns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stacks of one stage of a cloud assembly, "deployed" on paper: each resource with the physical id the twin
 * gives it and whether it is emulated or acknowledged, every emulated resource's properties evaluated, each
 * stack's outputs and exports. Building it validates the whole stage, so a template the twin cannot run fails
 * at startup with the stack and logical id, never halfway through a request.
 */
public final class Deployment {

    /** A resource as deployed; {@code properties} are evaluated for emulated resources (empty for acknowledged ones). */
    public record Resource(String stack, String logicalId, String type, String physicalId, ResourceStatus status,
                           ObjectNode properties) {
    }

    public record Output(String key, String value, Optional<String> exportName, String description) {
    }

    public record Stack(String name, List<Resource> resources, List<Output> outputs) {
    }

    private final CloudAssembly assembly;
    private final Optional<String> stageName;
    private final List<Stack> stacks = new ArrayList<>();
    private final List<StackEvaluator> evaluators = new ArrayList<>();
    private final Map<String, StackEvaluator> evaluatorsByStack = new LinkedHashMap<>();
    private final Map<String, StackArtifact> artifacts = new LinkedHashMap<>();
    private final Map<String, String> exports = new LinkedHashMap<>();
    private final SecretValues secrets;

    private Deployment(CloudAssembly assembly, Optional<String> stageName, SecretValues secrets) {
        this.assembly = assembly;
        this.stageName = stageName;
        this.secrets = secrets;
    }

    /**
     * CDK's own custom resources that only adjust acknowledged infrastructure: a log group's retention, and the
     * removal of a VPC default security group's rules ({@code restrictDefaultSecurityGroup}). They and their
     * Node.js provider functions are acknowledged.
     */
    private static final Set<String> INFRASTRUCTURE_CUSTOM_TYPES = Set.of("Custom::LogRetention",
            "Custom::VpcRestrictDefaultSG");

    public static Deployment deploy(CloudAssembly assembly, Optional<String> stage, SecretValues secrets) {
        Deployment deployment = new Deployment(assembly, stage, secrets);
        for (StackArtifact artifact : assembly.stage(stage)) {
            deployment.deployStack(artifact);
        }
        return deployment;
    }

    public CloudAssembly assembly() {
        return assembly;
    }

    /** The stage's name: the one asked for, else the stacks' {@code stage} tag, else {@code (untagged)}. */
    public String stageName() {
        return stageName.orElseGet(() -> assembly.stages().stream().findFirst().orElse("(untagged)"));
    }

    public List<Stack> stacks() {
        return List.copyOf(stacks);
    }

    public List<Resource> resources() {
        return stacks.stream().flatMap(s -> s.resources().stream()).toList();
    }

    public List<Resource> resources(String type) {
        return resources().stream().filter(r -> r.type().equals(type)).toList();
    }

    public long count(ResourceStatus status) {
        return resources().stream().filter(r -> r.status() == status).count();
    }

    public Optional<Resource> find(String stack, String logicalId) {
        return resources().stream().filter(r -> r.stack().equals(stack) && r.logicalId().equals(logicalId)).findFirst();
    }

    /** What {@code Fn::GetAtt} of the resource returns (e.g. a proxy's {@code Endpoint}). */
    public JsonNode attribute(Resource resource, String name) {
        return evaluatorsByStack.get(resource.stack()).getAtt(resource.logicalId(), name, resource.logicalId());
    }

    /**
     * Every property of the resource evaluated, also for an acknowledged resource (whose {@link Resource#properties()}
     * are empty): access control reads the roles' and policies' documents from here.
     */
    public ObjectNode evaluatedProperties(Resource resource) {
        return evaluatorsByStack.get(resource.stack()).properties(resource.logicalId());
    }

    /** The resource a Ref value (physical id) or ARN names, e.g. a function by the ARN an integration gives. */
    public Optional<Resource> byPhysicalId(String type, String physicalId) {
        return resources(type).stream().filter(r -> r.physicalId().equals(physicalId)).findFirst();
    }

    /** The stack artifact a resource came from (for its assets). */
    public StackArtifact artifact(String stack) {
        return artifacts.get(stack);
    }

    /** The value of an emulated secret by ARN or name (what GetSecretValue returns as SecretString). */
    public Optional<String> secretString(String id) {
        return environment().secretString(id);
    }

    /** Every SSM parameter the stage creates, by name, with its value. */
    public Map<String, String> ssmParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Resource r : resources("AWS::SSM::Parameter")) {
            parameters.put(r.physicalId(), r.properties().path("Value").asText());
        }
        return parameters;
    }

    /** Every secret the stage creates: ARN to name. */
    public Map<String, String> secretNames() {
        Map<String, String> names = new LinkedHashMap<>();
        for (Resource r : resources("AWS::SecretsManager::Secret")) {
            String arn = r.physicalId();
            String afterSecret = arn.substring(arn.indexOf(":secret:") + ":secret:".length());
            names.put(arn, afterSecret.substring(0, afterSecret.length() - 7));
        }
        return names;
    }

    private void deployStack(StackArtifact artifact) {
        StackEvaluator evaluator = new StackEvaluator(artifact, environment());
        evaluators.add(evaluator);
        evaluatorsByStack.put(artifact.stackName(), evaluator);
        artifacts.put(artifact.stackName(), artifact);
        List<Resource> resources = new ArrayList<>();
        for (String logicalId : evaluator.logicalIds()) {
            if (!evaluator.created(logicalId)) {
                continue;
            }
            String type = evaluator.type(logicalId);
            String physicalId = evaluator.ref(logicalId, logicalId);
            ResourceStatus status = status(evaluator, logicalId, type);
            ObjectNode properties = status == ResourceStatus.EMULATED ? evaluator.properties(logicalId)
                    : JsonNodeFactory.instance.objectNode();
            resources.add(new Resource(artifact.stackName(), logicalId, type, physicalId, status, properties));
        }
        List<Output> outputs = new ArrayList<>();
        evaluator.outputs().forEach((key, output) -> {
            outputs.add(new Output(key, output.value(), output.exportName(), output.description()));
            output.exportName().ifPresent(name -> {
                if (exports.putIfAbsent(name, output.value()) != null) {
                    throw new TemplateException(artifact.stackName() + "/Outputs." + key + ": export " + name
                            + " is already exported by another stack");
                }
            });
        });
        stacks.add(new Stack(artifact.stackName(), List.copyOf(resources), List.copyOf(outputs)));
    }

    private ResourceStatus status(StackEvaluator evaluator, String logicalId, String type) {
        if (INFRASTRUCTURE_CUSTOM_TYPES.contains(type)) {
            return ResourceStatus.ACKNOWLEDGED;
        }
        if (StackEvaluator.isCustom(type)) {
            return ResourceStatus.EMULATED;
        }
        ResourceModels.Model model = ResourceModels.of(type).orElseThrow();
        if (!type.equals("AWS::Lambda::Function")) {
            return model.status();
        }
        String runtime = evaluator.properties(logicalId).path("Runtime").asText("");
        if (runtime.startsWith("java") || isProviderFramework(evaluator.properties(logicalId))) {
            return ResourceStatus.EMULATED;
        }
        if (onlyServesInfrastructure(evaluator, logicalId)) {
            return ResourceStatus.ACKNOWLEDGED;
        }
        throw new TemplateException(evaluator.stackName() + "/" + logicalId + ": runtime " + runtime
                + " — the twin hosts Java functions (and runs CDK's custom resource provider itself)");
    }

    /** CDK's custom resource provider framework: a Node.js function that calls the user's onEvent function. */
    public static boolean isProviderFramework(JsonNode functionProperties) {
        return functionProperties.path("Environment").path("Variables").has("USER_ON_EVENT_FUNCTION_ARN");
    }

    private boolean onlyServesInfrastructure(StackEvaluator evaluator, String functionLogicalId) {
        String arn = FunctionArns.unqualifiedArn(evaluator.ref(functionLogicalId, functionLogicalId));
        boolean served = false;
        for (String logicalId : evaluator.logicalIds()) {
            String type = evaluator.type(logicalId);
            if (!StackEvaluator.isCustom(type) || !evaluator.created(logicalId)) {
                continue;
            }
            JsonNode token = evaluator.evaluate(
                    evaluator.rawProperty(logicalId, "ServiceToken"), logicalId);
            if (arn.equals(token.asText())) {
                if (!INFRASTRUCTURE_CUSTOM_TYPES.contains(type)) {
                    return false;
                }
                served = true;
            }
        }
        return served;
    }

    private StackEvaluator.Environment environment() {
        return new StackEvaluator.Environment() {
            @Override
            public Optional<String> export(String name) {
                return Optional.ofNullable(exports.get(name));
            }

            @Override
            public Optional<String> ssmParameter(String name) {
                for (StackEvaluator evaluator : evaluators) {
                    for (String logicalId : evaluator.logicalIds()) {
                        if (evaluator.type(logicalId).equals("AWS::SSM::Parameter") && evaluator.created(logicalId)
                                && evaluator.ref(logicalId, logicalId).equals(name)) {
                            return Optional.of(evaluator.properties(logicalId).path("Value").asText());
                        }
                    }
                }
                return Optional.empty();
            }

            @Override
            public Optional<String> secretString(String id) {
                for (StackEvaluator evaluator : evaluators) {
                    for (String logicalId : evaluator.logicalIds()) {
                        if (!evaluator.type(logicalId).equals("AWS::SecretsManager::Secret") || !evaluator.created(logicalId)) {
                            continue;
                        }
                        String arn = evaluator.ref(logicalId, logicalId);
                        String name = arn.substring(arn.indexOf(":secret:") + ":secret:".length(), arn.length() - 7);
                        if (arn.equals(id) || name.equals(id)) {
                            return Optional.of(secrets.value(arn, evaluator.properties(logicalId)));
                        }
                    }
                }
                return Optional.empty();
            }
        };
    }
}

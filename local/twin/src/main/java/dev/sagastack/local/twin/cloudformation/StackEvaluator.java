package dev.sagastack.local.twin.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates one stack's template as CloudFormation would at deploy time: parameters (defaults, SSM-typed),
 * conditions, mappings, the intrinsic functions ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Join},
 * {@code Fn::Sub}, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::ImportValue}, {@code Fn::If},
 * {@code Fn::FindInMap}, {@code Fn::GetAZs}, {@code Fn::Base64}, the condition functions), pseudo parameters and
 * dynamic references ({@code {{resolve:ssm:...}}}, {@code {{resolve:secretsmanager:...}}})
 * (CloudFormation User Guide, "Intrinsic function reference", "Pseudo parameters reference",
 * "Get values stored in other services using dynamic references"). Anything else is a {@link TemplateException}
 * naming the stack and logical id.
 */
final class StackEvaluator {

    /** What {@code AWS::NoValue} evaluates to: the property or list element is removed. */
    static final JsonNode NO_VALUE = MissingNode.getInstance();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]*)}");
    private static final String SSM_PARAMETER_TYPE = "AWS::SSM::Parameter::Value<";

    /** Lookups across the stacks of the stage. */
    interface Environment {
        Optional<String> export(String name);

        Optional<String> ssmParameter(String name);

        /** The SecretString of a secret by ARN or name. */
        Optional<String> secretString(String id);
    }

    private final StackArtifact stack;
    private final Environment environment;
    private final JsonNode resources;
    private final Map<String, String> refs = new HashMap<>();
    private final Map<String, Boolean> conditions = new HashMap<>();
    private final Map<String, JsonNode> parameters = new HashMap<>();
    private final Map<String, ObjectNode> properties = new HashMap<>();
    private final Set<String> inProgress = new LinkedHashSet<>();

    StackEvaluator(StackArtifact stack, Environment environment) {
        this.stack = stack;
        this.environment = environment;
        this.resources = stack.template().path("Resources");
        if (!resources.isObject() || resources.isEmpty()) {
            throw new TemplateException(stack.stackName() + ": the template has no Resources");
        }
    }

    String stackName() {
        return stack.stackName();
    }

    List<String> logicalIds() {
        List<String> ids = new ArrayList<>();
        resources.fieldNames().forEachRemaining(ids::add);
        return ids;
    }

    String type(String logicalId) {
        return resource(logicalId, logicalId).path("Type").asText();
    }

    /** False when the resource's {@code Condition} is false: CloudFormation does not create it. */
    boolean created(String logicalId) {
        JsonNode condition = resource(logicalId, logicalId).path("Condition");
        return condition.isMissingNode() || condition(condition.asText(), logicalId);
    }

    /** One property as the template writes it (not evaluated). */
    JsonNode rawProperty(String logicalId, String name) {
        return resource(logicalId, logicalId).path("Properties").path(name);
    }

    /** All of the resource's properties, evaluated ({@code AWS::NoValue} removed). */
    ObjectNode properties(String logicalId) {
        ObjectNode cached = properties.get(logicalId);
        if (cached != null) {
            return cached;
        }
        JsonNode evaluated = evaluate(resource(logicalId, logicalId).path("Properties"), logicalId);
        ObjectNode result = evaluated.isObject() ? (ObjectNode) evaluated : NODES.objectNode();
        properties.put(logicalId, result);
        return result;
    }

    /** The resource's Ref value, its physical id as the twin named it. */
    String ref(String logicalId, String where) {
        String cached = refs.get(logicalId);
        if (cached != null) {
            return cached;
        }
        JsonNode resource = resource(logicalId, where);
        if (!created(logicalId)) {
            throw new TemplateException(where(where) + "refers to " + logicalId + ", which its condition leaves out");
        }
        String type = resource.path("Type").asText();
        String value = withCycleCheck("Ref " + logicalId, () -> model(logicalId, type).ref().apply(view(logicalId)));
        refs.put(logicalId, value);
        return value;
    }

    JsonNode getAtt(String logicalId, String attribute, String where) {
        JsonNode resource = resource(logicalId, where);
        String type = resource.path("Type").asText();
        if (isCustom(type)) {
            throw new TemplateException(where(where) + "Fn::GetAtt " + logicalId + "." + attribute
                    + ": attributes of custom resources are not supported");
        }
        var attributes = model(logicalId, type).attributes();
        var attributeFunction = attributes.get(attribute);
        if (attributeFunction == null) {
            throw new TemplateException(where(where) + "Fn::GetAtt " + logicalId + "." + attribute + ": " + type
                    + " has no attribute " + attribute + " the twin knows (known: " + new TreeSet<>(attributes.keySet()) + ")");
        }
        ref(logicalId, where);
        return withCycleCheck("GetAtt " + logicalId + "." + attribute, () -> attributeFunction.apply(view(logicalId)));
    }

    /** The stack's outputs whose condition holds, evaluated to text, with their export names. */
    Map<String, Output> outputs() {
        Map<String, Output> outputs = new LinkedHashMap<>();
        stack.template().path("Outputs").fields().forEachRemaining(entry -> {
            String where = "Outputs." + entry.getKey();
            JsonNode output = entry.getValue();
            if (output.has("Condition") && !condition(output.path("Condition").asText(), where)) {
                return;
            }
            String value = text(evaluate(output.path("Value"), where), where);
            Optional<String> export = output.has("Export")
                    ? Optional.of(text(evaluate(output.path("Export").path("Name"), where), where)) : Optional.empty();
            outputs.put(entry.getKey(), new Output(value, export, output.path("Description").asText("")));
        });
        return outputs;
    }

    record Output(String value, Optional<String> exportName, String description) {
    }

    /** Evaluates a template value; {@code where} (a logical id or section) names it in errors. */
    JsonNode evaluate(JsonNode value, String where) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return value == null ? NO_VALUE : value;
        }
        if (value.isObject()) {
            if (value.size() == 1) {
                String key = value.fieldNames().next();
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    JsonNode result = intrinsic(key, value.get(key), where);
                    // dynamic references resolve after the intrinsics that build them (e.g. Fn::Join of an ARN)
                    return result.isTextual() && result.asText().contains("{{resolve:")
                            ? NODES.textNode(DynamicReferences.resolve(result.asText(), environment, where(where))) : result;
                }
            }
            ObjectNode result = NODES.objectNode();
            value.fields().forEachRemaining(field -> {
                JsonNode evaluated = evaluate(field.getValue(), where);
                if (!evaluated.isMissingNode()) {
                    result.set(field.getKey(), evaluated);
                }
            });
            return result;
        }
        if (value.isArray()) {
            ArrayNode result = NODES.arrayNode();
            for (JsonNode element : value) {
                JsonNode evaluated = evaluate(element, where);
                if (!evaluated.isMissingNode()) {
                    result.add(evaluated);
                }
            }
            return result;
        }
        if (value.isTextual() && value.asText().contains("{{resolve:")) {
            return NODES.textNode(DynamicReferences.resolve(value.asText(), environment, where(where)));
        }
        return value;
    }

    private JsonNode intrinsic(String function, JsonNode argument, String where) {
        switch (function) {
            case "Ref":
                return ref(argument, where);
            case "Fn::GetAtt":
                return getAtt(argument, where);
            case "Fn::Join": {
                requireArray(function, argument, 2, where);
                String delimiter = text(evaluate(argument.get(0), where), where);
                JsonNode list = evaluate(argument.get(1), where);
                requireList(function, list, where);
                StringBuilder joined = new StringBuilder();
                for (int i = 0; i < list.size(); i++) {
                    joined.append(i == 0 ? "" : delimiter).append(text(list.get(i), where));
                }
                return NODES.textNode(joined.toString());
            }
            case "Fn::Sub":
                return NODES.textNode(sub(argument, where));
            case "Fn::Select": {
                requireArray(function, argument, 2, where);
                int index = Integer.parseInt(text(evaluate(argument.get(0), where), where).trim());
                JsonNode list = evaluate(argument.get(1), where);
                requireList(function, list, where);
                if (index < 0 || index >= list.size()) {
                    throw new TemplateException(where(where) + "Fn::Select index " + index + " is out of bounds of a list of "
                            + list.size());
                }
                return list.get(index);
            }
            case "Fn::Split": {
                requireArray(function, argument, 2, where);
                String delimiter = text(evaluate(argument.get(0), where), where);
                String source = text(evaluate(argument.get(1), where), where);
                ArrayNode parts = NODES.arrayNode();
                int start = 0;
                int at;
                while (!delimiter.isEmpty() && (at = source.indexOf(delimiter, start)) >= 0) {
                    parts.add(source.substring(start, at));
                    start = at + delimiter.length();
                }
                parts.add(source.substring(start));
                return parts;
            }
            case "Fn::ImportValue": {
                String name = text(evaluate(argument, where), where);
                return NODES.textNode(environment.export(name).orElseThrow(() -> new TemplateException(where(where)
                        + "Fn::ImportValue " + name + ": no stack of the stage exports this name")));
            }
            case "Fn::If": {
                requireArray(function, argument, 3, where);
                return evaluate(condition(argument.get(0).asText(), where) ? argument.get(1) : argument.get(2), where);
            }
            case "Fn::FindInMap":
                return findInMap(argument, where);
            case "Fn::GetAZs": {
                String region = text(evaluate(argument, where), where);
                return availabilityZones(region.isEmpty() ? PhysicalNames.REGION : region);
            }
            case "Fn::Base64":
                return NODES.textNode(Base64.getEncoder().encodeToString(
                        text(evaluate(argument, where), where).getBytes(StandardCharsets.UTF_8)));
            case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not":
                return NODES.booleanNode(conditionValue(NODES.objectNode().set(function, argument), where));
            default:
                throw new TemplateException(where(where) + function + " is not an intrinsic function the twin evaluates");
        }
    }

    private JsonNode ref(JsonNode argument, String where) {
        String name = argument.asText();
        switch (name) {
            case "AWS::Region":
                return NODES.textNode(PhysicalNames.REGION);
            case "AWS::AccountId":
                return NODES.textNode(PhysicalNames.ACCOUNT_ID);
            case "AWS::Partition":
                return NODES.textNode(PhysicalNames.PARTITION);
            case "AWS::URLSuffix":
                return NODES.textNode(PhysicalNames.URL_SUFFIX);
            case "AWS::StackName":
                return NODES.textNode(stack.stackName());
            case "AWS::StackId":
                return NODES.textNode(PhysicalNames.arn("cloudformation", "stack/" + stack.stackName() + "/"
                        + PhysicalNames.uuid(stack.stackName())));
            case "AWS::NoValue":
                return NO_VALUE;
            case "AWS::NotificationARNs":
                return NODES.arrayNode();
            default:
                break;
        }
        if (stack.template().path("Parameters").has(name)) {
            return parameter(name, where);
        }
        if (resources.has(name)) {
            return NODES.textNode(ref(name, where));
        }
        throw new TemplateException(where(where) + "Ref " + name + ": no parameter, resource or pseudo parameter of that name");
    }

    private JsonNode getAtt(JsonNode argument, String where) {
        String logicalId;
        String attribute;
        if (argument.isTextual()) {
            int dot = argument.asText().indexOf('.');
            if (dot < 0) {
                throw new TemplateException(where(where) + "Fn::GetAtt " + argument.asText() + " names no attribute");
            }
            logicalId = argument.asText().substring(0, dot);
            attribute = argument.asText().substring(dot + 1);
        } else {
            requireArray("Fn::GetAtt", argument, 2, where);
            logicalId = argument.get(0).asText();
            attribute = text(evaluate(argument.get(1), where), where);
        }
        return getAtt(logicalId, attribute, where);
    }

    private String sub(JsonNode argument, String where) {
        String template;
        Map<String, JsonNode> variables = new HashMap<>();
        if (argument.isTextual()) {
            template = argument.asText();
        } else {
            requireArray("Fn::Sub", argument, 2, where);
            template = argument.get(0).asText();
            argument.get(1).fields().forEachRemaining(v -> variables.put(v.getKey(), v.getValue()));
        }
        Matcher matcher = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (!matcher.group(1).isEmpty()) {
                replacement = "${" + matcher.group(2) + "}"; // ${!Literal} is written as ${Literal}
            } else {
                String name = matcher.group(2).trim();
                if (variables.containsKey(name)) {
                    replacement = text(evaluate(variables.get(name), where), where);
                } else if (name.contains(".") && !name.startsWith("AWS::")) {
                    int dot = name.indexOf('.');
                    replacement = text(getAtt(name.substring(0, dot), name.substring(dot + 1), where), where);
                } else {
                    replacement = text(ref(NODES.textNode(name), where), where);
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private JsonNode findInMap(JsonNode argument, String where) {
        if (!argument.isArray() || argument.size() < 3) {
            throw new TemplateException(where(where) + "Fn::FindInMap needs [MapName, TopLevelKey, SecondLevelKey]");
        }
        String map = text(evaluate(argument.get(0), where), where);
        String top = text(evaluate(argument.get(1), where), where);
        String second = text(evaluate(argument.get(2), where), where);
        JsonNode value = stack.template().path("Mappings").path(map).path(top).path(second);
        if (value.isMissingNode()) {
            if (argument.size() > 3 && argument.get(3).has("DefaultValue")) {
                return evaluate(argument.get(3).get("DefaultValue"), where);
            }
            throw new TemplateException(where(where) + "Fn::FindInMap " + map + "." + top + "." + second + " is not in Mappings");
        }
        return value;
    }

    private JsonNode parameter(String name, String where) {
        JsonNode cached = parameters.get(name);
        if (cached != null) {
            return cached;
        }
        JsonNode declaration = stack.template().path("Parameters").path(name);
        String type = declaration.path("Type").asText("String");
        if (!declaration.has("Default")) {
            throw new TemplateException(where(where) + "Ref " + name + ": the parameter has no Default, and the twin passes no parameter values");
        }
        String value = declaration.get("Default").asText();
        if (type.startsWith(SSM_PARAMETER_TYPE)) {
            String parameterName = value;
            value = environment.ssmParameter(parameterName).orElseThrow(() -> new TemplateException(where(where)
                    + "parameter " + name + " reads SSM parameter " + parameterName
                    + ", which no stack of the stage creates (AWS::SSM::Parameter)"));
            type = type.substring(SSM_PARAMETER_TYPE.length(), type.length() - 1);
        }
        JsonNode result;
        if (type.equals("CommaDelimitedList") || type.startsWith("List<")) {
            ArrayNode list = NODES.arrayNode();
            for (String part : value.split(",", -1)) {
                list.add(part.trim());
            }
            result = list;
        } else {
            result = NODES.textNode(value);
        }
        parameters.put(name, result);
        return result;
    }

    boolean condition(String name, String where) {
        Boolean cached = conditions.get(name);
        if (cached != null) {
            return cached;
        }
        JsonNode definition = stack.template().path("Conditions").path(name);
        if (definition.isMissingNode()) {
            throw new TemplateException(where(where) + "condition " + name + " is not defined in Conditions");
        }
        boolean value = withCycleCheck("Condition " + name, () -> conditionValue(definition, "Conditions." + name));
        conditions.put(name, value);
        return value;
    }

    private boolean conditionValue(JsonNode node, String where) {
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isTextual()) {
            return Boolean.parseBoolean(node.asText());
        }
        if (!node.isObject() || node.size() != 1) {
            throw new TemplateException(where(where) + "not a condition: " + node);
        }
        String function = node.fieldNames().next();
        JsonNode argument = node.get(function);
        switch (function) {
            case "Condition":
                return condition(argument.asText(), where);
            case "Fn::Equals": {
                requireArray(function, argument, 2, where);
                return comparable(evaluate(argument.get(0), where)).equals(comparable(evaluate(argument.get(1), where)));
            }
            case "Fn::Not":
                requireArray(function, argument, 1, where);
                return !conditionValue(argument.get(0), where);
            case "Fn::And": {
                boolean all = true;
                for (JsonNode part : argument) {
                    all &= conditionValue(part, where);
                }
                return all;
            }
            case "Fn::Or": {
                boolean any = false;
                for (JsonNode part : argument) {
                    any |= conditionValue(part, where);
                }
                return any;
            }
            default:
                return conditionValue(evaluate(node, where), where);
        }
    }

    private ResourceModels.Model model(String logicalId, String type) {
        if (isCustom(type)) {
            return new ResourceModels.Model(ResourceStatus.EMULATED,
                    r -> PhysicalNames.logicalScoped(r.stack(), r.logicalId(), 128, 12), Map.of());
        }
        return ResourceModels.of(type).orElseThrow(() -> new TemplateException(stack.stackName() + "/" + logicalId
                + ": resource type " + type + " is neither emulated nor acknowledged by the twin"));
    }

    static boolean isCustom(String type) {
        return type.startsWith("Custom::") || type.equals("AWS::CloudFormation::CustomResource");
    }

    private ResourceView view(String logicalId) {
        StackEvaluator self = this;
        return new ResourceView() {
            @Override
            public String stack() {
                return self.stack.stackName();
            }

            @Override
            public String logicalId() {
                return logicalId;
            }

            @Override
            public Optional<JsonNode> property(String name) {
                JsonNode raw = resource(logicalId, logicalId).path("Properties").path(name);
                if (raw.isMissingNode()) {
                    return Optional.empty();
                }
                JsonNode evaluated = evaluate(raw, logicalId);
                return evaluated.isMissingNode() ? Optional.empty() : Optional.of(evaluated);
            }

            @Override
            public String ref() {
                return self.ref(logicalId, logicalId);
            }
        };
    }

    private <T> T withCycleCheck(String key, Supplier<T> work) {
        if (!inProgress.add(key)) {
            throw new TemplateException(stack.stackName() + ": circular reference: " + String.join(" -> ", inProgress) + " -> " + key);
        }
        try {
            return work.get();
        } finally {
            inProgress.remove(key);
        }
    }

    private JsonNode resource(String logicalId, String where) {
        JsonNode resource = resources.path(logicalId);
        if (resource.isMissingNode()) {
            throw new TemplateException(where(where) + "refers to " + logicalId + ", which is not a resource of the template");
        }
        return resource;
    }

    private static JsonNode availabilityZones(String region) {
        ArrayNode zones = NODES.arrayNode();
        String letters = region.equals("us-east-1") ? "abcdef" : "abc";
        for (char letter : letters.toCharArray()) {
            zones.add(region + letter);
        }
        return zones;
    }

    private static String comparable(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private String text(JsonNode value, String where) {
        if (value.isValueNode()) {
            return value.asText();
        }
        throw new TemplateException(where(where) + "expected a string, got " + (value.isMissingNode() ? "AWS::NoValue" : value.toString()));
    }

    private void requireArray(String function, JsonNode argument, int size, String where) {
        if (!argument.isArray() || argument.size() != size) {
            throw new TemplateException(where(where) + function + " takes a list of " + size + " arguments, got " + argument);
        }
    }

    private void requireList(String function, JsonNode list, String where) {
        if (!list.isArray()) {
            throw new TemplateException(where(where) + function + " needs a list, got " + list);
        }
    }

    private String where(String where) {
        return stack.stackName() + "/" + where + ": ";
    }
}

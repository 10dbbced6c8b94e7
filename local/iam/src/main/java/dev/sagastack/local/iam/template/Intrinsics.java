package dev.sagastack.local.iam.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Map;
import java.util.function.Function;

/**
 * Resolves the intrinsic functions CDK emits in policies and permissions ("Intrinsic function
 * reference"): Ref (resources and the pseudo parameters AWS::Region, AWS::AccountId,
 * AWS::Partition, AWS::URLSuffix, AWS::StackName), Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select,
 * Fn::Split and Fn::ImportValue (through the exports of the other stacks). Anything else is refused.
 */
final class Intrinsics {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String region;
    private final String account;
    private final String stackName;
    private final JsonNode resources;
    private final JsonNode parameters;
    private final Function<String, JsonNode> exports;
    private final Function<String, JsonNode> ssmParameters;
    private final ResourceArns arns;

    /**
     * @param exports       the value another stack exports under a name (Fn::ImportValue)
     * @param ssmParameters the value an AWS::SSM::Parameter of the assembly holds, by parameter name: CDK
     *                      passes cross-stack values this way as {@code AWS::SSM::Parameter::Value<String>}
     *                      template parameters
     */
    Intrinsics(String region, String account, String stackName, JsonNode template, Function<String, JsonNode> exports,
               Function<String, JsonNode> ssmParameters) {
        this.region = region;
        this.account = account;
        this.stackName = stackName;
        this.resources = template.path("Resources");
        this.parameters = template.path("Parameters");
        this.exports = exports;
        this.ssmParameters = ssmParameters;
        this.arns = new ResourceArns(region, account, this);
    }

    ResourceArns arns() {
        return arns;
    }

    JsonNode resolve(JsonNode node) {
        if (node == null) {
            return NODES.nullNode();
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(n -> out.add(resolve(n)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.size() == 1) {
            String key = node.fieldNames().next();
            JsonNode arg = node.get(key);
            switch (key) {
                case "Ref":
                    return TextNode.valueOf(ref(arg.asText()));
                case "Fn::GetAtt":
                    return TextNode.valueOf(getAtt(arg));
                case "Fn::Join":
                    return TextNode.valueOf(join(arg));
                case "Fn::Sub":
                    return TextNode.valueOf(sub(arg));
                case "Fn::Select":
                    return select(arg);
                case "Fn::Split":
                    return split(arg);
                case "Fn::ImportValue":
                    String name = resolve(arg).asText();
                    JsonNode value = exports.apply(name);
                    if (value == null) {
                        throw new TemplateException("no stack exports " + name);
                    }
                    return value;
                default:
                    if (key.startsWith("Fn::")) {
                        throw new TemplateException("intrinsic function " + key + " is not supported in policies");
                    }
            }
        }
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.set(e.getKey(), resolve(e.getValue()));
        }
        return out;
    }

    private String ref(String name) {
        switch (name) {
            case "AWS::Region":
                return region;
            case "AWS::AccountId":
                return account;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::StackName":
                return stackName;
            default:
                JsonNode resource = resources.get(name);
                if (resource != null) {
                    return arns.ref(name, resource);
                }
                JsonNode parameter = parameters.get(name);
                if (parameter == null) {
                    throw new TemplateException("Ref to unknown resource or parameter " + name);
                }
                return parameterValue(name, parameter);
        }
    }

    // A template parameter takes its Default (the assembly deploys without overrides); an SSM-typed
    // parameter takes the value of the SSM parameter its Default names.
    private String parameterValue(String name, JsonNode parameter) {
        JsonNode defaultValue = parameter.get("Default");
        if (defaultValue == null) {
            throw new TemplateException("parameter " + name + " has no Default");
        }
        if (!parameter.path("Type").asText().startsWith("AWS::SSM::Parameter::Value")) {
            return defaultValue.asText();
        }
        JsonNode value = ssmParameters.apply(defaultValue.asText());
        if (value == null) {
            throw new TemplateException("parameter " + name + " reads SSM parameter " + defaultValue.asText()
                    + ", which no stack of the assembly defines");
        }
        return value.asText();
    }

    private String getAtt(JsonNode arg) {
        String logicalId;
        String attribute;
        if (arg.isArray() && arg.size() == 2) {
            logicalId = arg.get(0).asText();
            attribute = resolve(arg.get(1)).asText();
        } else if (arg.isTextual() && arg.asText().contains(".")) {
            logicalId = arg.asText().substring(0, arg.asText().indexOf('.'));
            attribute = arg.asText().substring(arg.asText().indexOf('.') + 1);
        } else {
            throw new TemplateException("Fn::GetAtt needs [logicalId, attribute], got " + arg);
        }
        JsonNode resource = resources.get(logicalId);
        if (resource == null) {
            throw new TemplateException("Fn::GetAtt of unknown resource " + logicalId);
        }
        return arns.getAtt(logicalId, resource, attribute);
    }

    private String join(JsonNode arg) {
        if (!arg.isArray() || arg.size() != 2) {
            throw new TemplateException("Fn::Join needs [delimiter, [values]]");
        }
        JsonNode values = resolve(arg.get(1));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(arg.get(0).asText());
            }
            out.append(values.get(i).asText());
        }
        return out.toString();
    }

    private String sub(JsonNode arg) {
        String template = arg.isArray() ? arg.get(0).asText() : arg.asText();
        JsonNode variables = arg.isArray() && arg.size() > 1 ? arg.get(1) : NODES.objectNode();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int start = template.indexOf("${", i);
            if (start < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, start);
            int end = template.indexOf('}', start);
            if (end < 0) {
                throw new TemplateException("unterminated ${ in Fn::Sub " + template);
            }
            String name = template.substring(start + 2, end);
            if (name.startsWith("!")) {
                out.append("${").append(name.substring(1)).append('}');
            } else if (variables.has(name)) {
                out.append(resolve(variables.get(name)).asText());
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                out.append(getAtt(TextNode.valueOf(name)));
            } else {
                out.append(ref(name));
            }
            i = end + 1;
        }
        return out.toString();
    }

    private JsonNode select(JsonNode arg) {
        JsonNode list = resolve(arg.get(1));
        int index = resolve(arg.get(0)).asInt(-1);
        if (!list.isArray() || index < 0 || index >= list.size()) {
            throw new TemplateException("Fn::Select index " + arg.get(0) + " is outside " + list);
        }
        return list.get(index);
    }

    private JsonNode split(JsonNode arg) {
        String delimiter = arg.get(0).asText();
        String value = resolve(arg.get(1)).asText();
        ArrayNode out = NODES.arrayNode();
        int from = 0;
        while (true) {
            int at = value.indexOf(delimiter, from);
            if (at < 0) {
                out.add(value.substring(from));
                return out;
            }
            out.add(value.substring(from, at));
            from = at + delimiter.length();
        }
    }
}

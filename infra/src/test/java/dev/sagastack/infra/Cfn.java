package dev.sagastack.infra;

import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reading synthesized CloudFormation JSON in tests, without hard-coding logical ids. */
public final class Cfn {

    private Cfn() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Map<String, Object>> resources(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        ((Map<String, Object>) template.get("Resources")).forEach((id, value) -> {
            Map<String, Object> resource = (Map<String, Object>) value;
            if (type.equals(resource.get("Type"))) {
                found.put(id, resource);
            }
        });
        return found;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> properties(Map<String, Object> resource) {
        Object props = resource.get("Properties");
        return props == null ? Map.of() : (Map<String, Object>) props;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    /** Logical id of the L1 resource behind an L2 construct (its default child). */
    public static String logicalId(IConstruct construct) {
        IConstruct child = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
        CfnElement element = (CfnElement) child;
        return Stack.of(element).resolve(element.getLogicalId()).toString();
    }

    /** {@code {"Ref": id}} */
    public static Map<String, Object> ref(String logicalId) {
        return Map.of("Ref", logicalId);
    }

    public static Map<String, Object> getAtt(String logicalId, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
    }

    /** Every IAM policy statement of the template: identity policies, role inline policies, key and queue policies. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> policyStatements(Map<String, Object> template) {
        List<Map<String, Object>> statements = new java.util.ArrayList<>();
        ((Map<String, Object>) template.get("Resources")).values().forEach(value ->
                collectStatements(value, statements));
        return statements;
    }

    @SuppressWarnings("unchecked")
    private static void collectStatements(Object node, List<Map<String, Object>> out) {
        if (node instanceof Map<?, ?> m) {
            Object statement = m.get("Statement");
            if (statement instanceof List<?> l && m.containsKey("Version")) {
                l.forEach(s -> out.add((Map<String, Object>) s));
            }
            m.values().forEach(v -> collectStatements(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectStatements(v, out));
        }
    }

    /** The statement's actions as a list, whether the template holds one string or a list. */
    public static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        if (action == null) {
            return List.of();
        }
        if (action instanceof String s) {
            return List.of(s);
        }
        return list(action).stream().map(Object::toString).toList();
    }

    public static <T> long count(Map<String, T> items, Predicate<T> filter) {
        return items.values().stream().filter(filter).count();
    }
}

package dev.sagastack.local.twin.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.twin.cloudformation.Deployment;
import dev.sagastack.local.twin.cloudformation.Deployment.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The access-relevant resources of the deployed stage (roles, their policies, Lambda permissions) as templates whose
 * values are already evaluated by the twin: every Ref, Fn::GetAtt and import resolved to the names and ARNs the twin
 * gave the resources, so the policies name the tables, functions and state machines the engines actually serve. The
 * roles and managed policies carry their physical names as explicit name properties for the same reason.
 */
final class AccessTemplates {

    private static final Set<String> TYPES = Set.of("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
            "AWS::Lambda::Permission");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AccessTemplates() {
    }

    static List<JsonNode> of(Deployment deployment) {
        Map<String, ObjectNode> resourcesByStack = new LinkedHashMap<>();
        for (Resource r : deployment.resources()) {
            if (!TYPES.contains(r.type())) {
                continue;
            }
            ObjectNode properties = deployment.evaluatedProperties(r).deepCopy();
            switch (r.type()) {
                case "AWS::IAM::Role" -> properties.put("RoleName", r.physicalId());
                case "AWS::IAM::ManagedPolicy" -> properties.put("ManagedPolicyName",
                        r.physicalId().substring(r.physicalId().indexOf(":policy/") + ":policy/".length()));
                default -> {
                    // policies and permissions are named by what they attach to
                }
            }
            ObjectNode resource = NODES.objectNode();
            resource.put("Type", r.type());
            resource.set("Properties", properties);
            resourcesByStack.computeIfAbsent(r.stack(), s -> NODES.objectNode()).set(r.logicalId(), resource);
        }
        List<JsonNode> templates = new ArrayList<>();
        resourcesByStack.values().forEach(resources -> {
            ObjectNode template = NODES.objectNode();
            template.set("Resources", resources);
            templates.add(template);
        });
        return templates;
    }
}

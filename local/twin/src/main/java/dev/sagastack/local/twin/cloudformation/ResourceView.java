package dev.sagastack.local.twin.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/** A resource as its type's model sees it while naming it: where it is and its properties, evaluated on demand. */
interface ResourceView {

    String stack();

    String logicalId();

    /** A property with its intrinsics evaluated; empty when the template does not set it. */
    Optional<JsonNode> property(String name);

    /** The resource's own Ref value (for attributes derived from it). */
    String ref();

    default Optional<String> text(String name) {
        return property(name).filter(JsonNode::isValueNode).map(JsonNode::asText);
    }

    default String seed() {
        return stack() + "/" + logicalId();
    }
}

package dev.sagastack.local.iam;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One thing IAM authorizes: an action on a resource ARN with the request's condition keys.
 * One API call can need several (a transaction checks each item's action on its table).
 * Condition key names are case-insensitive in IAM, so they are kept lower-cased.
 */
public record AuthorizationRequest(String action, String resource, Map<String, List<String>> context) {

    public AuthorizationRequest {
        if (action == null || !action.contains(":") || resource == null || resource.isEmpty()) {
            throw new IllegalArgumentException("an authorization request needs service:Action and a resource ARN");
        }
        Map<String, List<String>> lower = new HashMap<>();
        if (context != null) {
            context.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        }
        context = Map.copyOf(lower);
    }

    public AuthorizationRequest(String action, String resource) {
        this(action, resource, Map.of());
    }

    /** The values of a condition key in this request; empty when the request does not have it. */
    public List<String> values(String key) {
        return context.getOrDefault(key.toLowerCase(Locale.ROOT), List.of());
    }

    public boolean has(String key) {
        return context.containsKey(key.toLowerCase(Locale.ROOT));
    }
}

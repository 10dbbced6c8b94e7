package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.store.ExecutionStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tags on state machines and activities: TagResource, UntagResource and ListTagsForResource (the
 * CDK tags both), with the service's limits. Changes hold the catalog's lock and are saved.
 */
final class ResourceTags {
    /** Step Functions quota: 50 tags per resource; keys 1-128 and values 0-256 characters (TagResource, Tag). */
    static final int MAX_TAGS = 50;

    private final StateMachineCatalog catalog;
    private final Activities activities;
    private final ExecutionStore store;

    ResourceTags(StateMachineCatalog catalog, Activities activities, ExecutionStore store) {
        this.catalog = catalog;
        this.activities = activities;
        this.store = store;
    }

    void tagResource(String resourceArn, Map<String, String> tags) {
        synchronized (catalog.lock()) {
            Map<String, String> current = tagsOf(resourceArn);
            Map<String, String> next = new LinkedHashMap<>(current);
            next.putAll(checkTags(tags));
            if (next.size() > MAX_TAGS) {
                throw new StepFunctionsException("TooManyTags", "Too many tags on resource '" + resourceArn
                        + "': the maximum is " + MAX_TAGS + ".");
            }
            current.putAll(tags);
            saveTags(resourceArn);
        }
    }

    void untagResource(String resourceArn, List<String> keys) {
        synchronized (catalog.lock()) {
            tagsOf(resourceArn).keySet().removeAll(keys);
            saveTags(resourceArn);
        }
    }

    Map<String, String> listTagsForResource(String resourceArn) {
        synchronized (catalog.lock()) {
            return new LinkedHashMap<>(tagsOf(resourceArn));
        }
    }

    static Map<String, String> checkTags(Map<String, String> tags) {
        tags.forEach((k, v) -> {
            if (k == null || k.isEmpty() || k.length() > 128 || !k.matches("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*")) {
                throw new StepFunctionsException("ValidationException", "1 validation error detected: Value '" + k
                        + "' at 'tags.member.key' failed to satisfy constraint: Member must have length less than or"
                        + " equal to 128");
            }
            if (v == null || v.length() > 256 || !v.matches("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*")) {
                throw new StepFunctionsException("ValidationException", "1 validation error detected: Value '" + v
                        + "' at 'tags.member.value' failed to satisfy constraint: Member must have length less than or"
                        + " equal to 256");
            }
        });
        return tags;
    }

    private Map<String, String> tagsOf(String resourceArn) {
        if (resourceArn != null && resourceArn.contains(":activity:")) {
            return activities.tags(resourceArn);
        }
        if (resourceArn == null || !resourceArn.matches("^arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:stateMachine:[^:#]+$")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + resourceArn + "'");
        }
        return catalog.tags(resourceArn);
    }

    private void saveTags(String resourceArn) {
        if (resourceArn.contains(":activity:")) {
            store.saveStateMachine(resourceArn, activities.toJson(resourceArn));
            return;
        }
        catalog.save(resourceArn);
    }
}

package dev.sagastack.local.stepfunctions.asl;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which fields each object of a definition may have, and which of them belong to one query
 * language only (the state type pages of the developer guide).
 */
final class AllowedFields {
    static final Set<String> TOP_LEVEL = Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds",
            "QueryLanguage");
    /** A Parallel branch or a Map's ItemProcessor. */
    static final Set<String> NESTED_STATES = Set.of("StartAt", "States", "Comment", "ProcessorConfig");
    static final Set<String> RETRIER = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate",
            "MaxDelaySeconds", "JitterStrategy", "Comment");
    static final Set<String> CATCHER = Set.of("ErrorEquals", "Next", "ResultPath", "Output", "Assign", "Comment");
    static final Set<String> JSONPATH_ONLY = Set.of("InputPath", "OutputPath", "Parameters", "ResultSelector",
            "ResultPath", "Result", "ItemsPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath",
            "TimestampPath", "ErrorPath", "CausePath", "MaxConcurrencyPath", "ToleratedFailureCountPath",
            "ToleratedFailurePercentagePath");
    static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Items");
    private static final Set<String> EVERY_STATE = Set.of("Type", "Comment", "QueryLanguage");
    private static final Map<StateType, Set<String>> STATES = Map.of(
            StateType.Pass, state("Next", "End", "InputPath", "OutputPath", "Parameters", "Result", "ResultPath",
                    "Assign", "Output"),
            StateType.Task, state("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector",
                    "ResultPath", "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds",
                    "HeartbeatSecondsPath", "Retry", "Catch", "Credentials", "Arguments", "Output", "Assign"),
            StateType.Choice, state("InputPath", "OutputPath", "Choices", "Default", "Assign", "Output"),
            StateType.Wait, state("Next", "End", "InputPath", "OutputPath", "Seconds", "Timestamp", "SecondsPath",
                    "TimestampPath", "Assign", "Output"),
            StateType.Succeed, state("InputPath", "OutputPath", "Output"),
            StateType.Fail, state("Error", "Cause", "ErrorPath", "CausePath"),
            StateType.Parallel, state("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector",
                    "ResultPath", "Branches", "Retry", "Catch", "Arguments", "Output", "Assign"),
            StateType.Map, state("Next", "End", "InputPath", "OutputPath", "ItemsPath", "Items", "ItemSelector",
                    "Parameters", "ItemProcessor", "Iterator", "ItemReader", "ItemBatcher", "ResultWriter",
                    "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailureCount", "ToleratedFailureCountPath",
                    "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "Label", "ResultSelector",
                    "ResultPath", "Retry", "Catch", "Output", "Assign"));

    private AllowedFields() {
    }

    static Set<String> of(StateType type) {
        return STATES.get(type);
    }

    /**
     * Reports each field of {@code object} that is not {@code allowed}, and each allowed one that
     * belongs to the other query language.
     */
    static void check(Diagnostics diagnostics, Map<String, Object> object, Set<String> allowed, boolean jsonata,
                      String location) {
        for (String k : object.keySet()) {
            if (!allowed.contains(k)) {
                diagnostics.unsupported(k, location);
            } else if (jsonata && JSONPATH_ONLY.contains(k)) {
                diagnostics.schema("The QueryLanguage is set to 'JSONata', but field '" + k
                        + "' is only supported for the 'JSONPath' QueryLanguage", location);
            } else if (!jsonata && JSONATA_ONLY.contains(k)) {
                diagnostics.schema("The QueryLanguage is set to 'JSONPath', but field '" + k
                        + "' is only supported for the 'JSONata' QueryLanguage", location);
            }
        }
    }

    private static Set<String> state(String... own) {
        Set<String> all = new HashSet<>(EVERY_STATE);
        all.addAll(Set.of(own));
        return Set.copyOf(all);
    }
}

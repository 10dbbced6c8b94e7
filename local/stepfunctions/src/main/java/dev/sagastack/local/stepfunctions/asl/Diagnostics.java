package dev.sagastack.local.stepfunctions.asl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is wrong with one definition, in the codes of ValidateStateMachineDefinition's diagnostics.
 * Parsing reports here and goes on, so one answer lists every problem; the messages that many
 * fields share are written once, here.
 */
final class Diagnostics {
    static final String SCHEMA_VALIDATION_FAILED = "SCHEMA_VALIDATION_FAILED";
    static final String INVALID_JSON_DESCRIPTION = "INVALID_JSON_DESCRIPTION";
    static final String MISSING_TRANSITION_TARGET = "MISSING_TRANSITION_TARGET";
    static final String MISSING_END_STATE = "MISSING_END_STATE";
    static final String DUPLICATE_STATE_NAME = "DUPLICATE_STATE_NAME";

    private final List<Diagnostic> found = new ArrayList<>();

    void add(String code, String message, String location) {
        found.add(new Diagnostic(code, message, location));
    }

    void schema(String message, String location) {
        add(SCHEMA_VALIDATION_FAILED, message, location);
    }

    int count() {
        return found.size();
    }

    List<Diagnostic> all() {
        return List.copyOf(found);
    }

    void unsupported(String field, String location) {
        schema("Field '" + field + "' is not supported", location);
    }

    /** Reports each field of {@code object} that is not {@code allowed}. */
    void onlyFields(Map<String, Object> object, Set<String> allowed, String location) {
        for (String k : object.keySet()) {
            if (!allowed.contains(k)) {
                unsupported(k, location);
            }
        }
    }

    void required(String location, List<String> fields) {
        schema("These fields are required: " + fields, location);
    }

    void required(String location, String field) {
        required(location, List.of(field));
    }

    void notBoth(String field, String other, String location) {
        schema("The fields '" + field + "' and '" + other + "' cannot both be set", location);
    }

    void notAnObject(String location) {
        schema("The value should be a JSON object", location);
    }

    void missingTarget(String target, String location) {
        add(MISSING_TRANSITION_TARGET, "Missing 'Next' target: " + target, location);
    }
}

package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.json.JsonException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates an ASL definition the way CreateStateMachine and ValidateStateMachineDefinition
 * do, collecting every diagnostic (code, message, location) before anything runs. Expressions,
 * paths and templates are compiled here, once per definition. This class reads the definition's
 * top level and its StartAt + States blocks; {@link StateParser} reads each state.
 */
public final class DefinitionParser {
    private final Diagnostics diagnostics = new Diagnostics();
    private final FieldCompiler fields = new FieldCompiler(diagnostics);
    private final Map<String, StatesContainer> containers = new LinkedHashMap<>();
    /** Every state name read so far, in every block: names are unique in the whole state machine. */
    private final Set<String> stateNames = new HashSet<>();
    private StateParser states;

    private DefinitionParser() {
    }

    /** Parses and validates; throws {@link InvalidDefinitionException} listing every problem. */
    public static Definition parse(String text) {
        DefinitionParser p = new DefinitionParser();
        Definition d = p.run(text);
        if (p.diagnostics.count() > 0) {
            throw new InvalidDefinitionException(p.diagnostics.all());
        }
        return d;
    }

    /** Validates only, returning the diagnostics (empty when the definition is valid). */
    public static List<Diagnostic> validate(String text) {
        DefinitionParser p = new DefinitionParser();
        p.run(text);
        return p.diagnostics.all();
    }

    private Definition run(String text) {
        Object parsed;
        try {
            parsed = Json.parse(text == null ? "" : text);
        } catch (JsonException e) {
            if (text == null || text.isBlank()) {
                diagnostics.schema("Definition must be a valid JSON object", null);
            } else {
                diagnostics.add(Diagnostics.INVALID_JSON_DESCRIPTION, e.getMessage(), null);
            }
            return null;
        }
        if (!(parsed instanceof Map)) {
            diagnostics.schema("Definition must be a valid JSON object", null);
            return null;
        }
        Map<String, Object> root = Json.asObject(parsed);
        diagnostics.onlyFields(root, AllowedFields.TOP_LEVEL, "/");
        QueryLanguage language = fields.queryLanguage(root.get("QueryLanguage"), QueryLanguage.JSONPath, "");
        Integer timeout = fields.positiveInt(root, "TimeoutSeconds", "");
        states = new StateParser(diagnostics, fields, language, (path, block) -> container(path, block, false));
        StatesContainer container = container("", root, true);
        if (container == null) {
            return null;
        }
        return new Definition(text, root, container, language, timeout, containers);
    }

    /** A StartAt + States block: the whole machine ({@code top}), a Parallel branch or a Map's ItemProcessor. */
    private StatesContainer container(String path, Map<String, Object> m, boolean top) {
        List<String> missing = new ArrayList<>();
        if (!(m.get("States") instanceof Map)) {
            missing.add("States");
        }
        if (!(m.get("StartAt") instanceof String)) {
            missing.add("StartAt");
        }
        if (!missing.isEmpty()) {
            diagnostics.required(path.isEmpty() ? "/" : path, missing);
            return null;
        }
        if (!top) {
            diagnostics.onlyFields(m, AllowedFields.NESTED_STATES, path);
        }
        String startAt = (String) m.get("StartAt");
        Map<String, Object> rawStates = Json.asObject(m.get("States"));
        if (rawStates.isEmpty()) {
            diagnostics.schema("Value cannot be empty", path + "/States");
        }
        Map<String, State> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : rawStates.entrySet()) {
            String loc = path + "/States/" + e.getKey();
            if (e.getKey().isEmpty() || e.getKey().length() > 80) {
                diagnostics.schema("State names must be 1 to 80 characters long", loc);
            }
            if (!stateNames.add(e.getKey())) {
                diagnostics.add(Diagnostics.DUPLICATE_STATE_NAME, "Duplicate State name: " + e.getKey(), loc);
            }
            if (!(e.getValue() instanceof Map)) {
                diagnostics.notAnObject(loc);
                continue;
            }
            State s = states.state(e.getKey(), Json.asObject(e.getValue()), loc);
            if (s != null) {
                parsed.put(e.getKey(), s);
            }
        }
        StatesContainer c = new StatesContainer(path, startAt, parsed);
        containers.put(path, c);
        TransitionCheck.check(diagnostics, path, startAt, rawStates, parsed);
        return c;
    }
}

package dev.sagastack.local.stepfunctions.asl;

import dev.sagastack.local.stepfunctions.expr.Intrinsic;
import dev.sagastack.local.stepfunctions.expr.JsonataExpr;
import dev.sagastack.local.stepfunctions.expr.JsonataTemplate;
import dev.sagastack.local.stepfunctions.expr.PathExpr;
import dev.sagastack.local.stepfunctions.expr.PayloadTemplate;
import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.json.JsonException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Parses and validates an ASL definition the way CreateStateMachine and ValidateStateMachineDefinition
 * do, collecting every diagnostic (code, message, location) before anything runs. Expressions,
 * paths and templates are compiled here, once per definition.
 */
public final class DefinitionParser {
    static final Set<String> TOP_LEVEL = Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds",
            "QueryLanguage");
    static final Set<String> JSONPATH_ONLY = Set.of("InputPath", "OutputPath", "Parameters", "ResultSelector",
            "ResultPath", "Result", "ItemsPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath",
            "TimestampPath", "ErrorPath", "CausePath", "MaxConcurrencyPath", "ToleratedFailureCountPath",
            "ToleratedFailurePercentagePath");
    static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Items");
    static final Map<StateType, Set<String>> FIELDS = Map.of(
            StateType.Pass, Set.of("Next", "End", "InputPath", "OutputPath", "Parameters", "Result", "ResultPath",
                    "Assign", "Output"),
            StateType.Task, Set.of("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector",
                    "ResultPath", "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds",
                    "HeartbeatSecondsPath", "Retry", "Catch", "Credentials", "Arguments", "Output", "Assign"),
            StateType.Choice, Set.of("InputPath", "OutputPath", "Choices", "Default", "Assign", "Output"),
            StateType.Wait, Set.of("Next", "End", "InputPath", "OutputPath", "Seconds", "Timestamp", "SecondsPath",
                    "TimestampPath", "Assign", "Output"),
            StateType.Succeed, Set.of("InputPath", "OutputPath", "Output"),
            StateType.Fail, Set.of("Error", "Cause", "ErrorPath", "CausePath"),
            StateType.Parallel, Set.of("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector",
                    "ResultPath", "Branches", "Retry", "Catch", "Arguments", "Output", "Assign"),
            StateType.Map, Set.of("Next", "End", "InputPath", "OutputPath", "ItemsPath", "Items", "ItemSelector",
                    "Parameters", "ItemProcessor", "Iterator", "ItemReader", "ItemBatcher", "ResultWriter",
                    "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailureCount", "ToleratedFailureCountPath",
                    "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "Label", "ResultSelector",
                    "ResultPath", "Retry", "Catch", "Output", "Assign"));
    static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
    static final Set<String> COMPARISONS = Set.of("StringEquals", "StringLessThan", "StringGreaterThan",
            "StringLessThanEquals", "StringGreaterThanEquals", "StringMatches", "NumericEquals", "NumericLessThan",
            "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals", "BooleanEquals",
            "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals",
            "TimestampGreaterThanEquals", "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");

    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final ChoiceRuleParser choiceRules = new ChoiceRuleParser(this);
    private final Map<String, StatesContainer> containers = new LinkedHashMap<>();
    private QueryLanguage topLanguage = QueryLanguage.JSONPath;

    private DefinitionParser() {
    }

    /** Parses and validates; throws {@link InvalidDefinitionException} listing every problem. */
    public static Definition parse(String text) {
        DefinitionParser p = new DefinitionParser();
        Definition d = p.run(text);
        if (!p.diagnostics.isEmpty()) {
            throw new InvalidDefinitionException(p.diagnostics);
        }
        return d;
    }

    /** Validates only, returning the diagnostics (empty when the definition is valid). */
    public static List<Diagnostic> validate(String text) {
        DefinitionParser p = new DefinitionParser();
        p.run(text);
        return List.copyOf(p.diagnostics);
    }

    private void fail(String code, String message, String location) {
        diagnostics.add(new Diagnostic(code, message, location));
    }

    void schema(String message, String location) {
        fail("SCHEMA_VALIDATION_FAILED", message, location);
    }

    private Definition run(String text) {
        Object parsed;
        try {
            parsed = Json.parse(text == null ? "" : text);
        } catch (JsonException e) {
            if (text == null || text.isBlank()) {
                schema("Definition must be a valid JSON object", null);
            } else {
                fail("INVALID_JSON_DESCRIPTION", e.getMessage(), null);
            }
            return null;
        }
        if (!(parsed instanceof Map)) {
            schema("Definition must be a valid JSON object", null);
            return null;
        }
        Map<String, Object> root = Json.asObject(parsed);
        for (String k : root.keySet()) {
            if (!TOP_LEVEL.contains(k)) {
                schema("Field '" + k + "' is not supported", "/");
            }
        }
        Object ql = root.get("QueryLanguage");
        if (ql != null) {
            if ("JSONata".equals(ql)) {
                topLanguage = QueryLanguage.JSONata;
            } else if (!"JSONPath".equals(ql)) {
                schema("The field 'QueryLanguage' should have one of these values: [JSONPath, JSONata]", "/QueryLanguage");
            }
        }
        Integer timeout = null;
        if (root.containsKey("TimeoutSeconds")) {
            timeout = positiveInt(root.get("TimeoutSeconds"), "/TimeoutSeconds");
        }
        StatesContainer container = container("", root, true);
        if (container == null) {
            return null;
        }
        return new Definition(text, root, container, topLanguage, timeout, containers);
    }

    private StatesContainer container(String path, Map<String, Object> m, boolean top) {
        List<String> missing = new ArrayList<>();
        if (!(m.get("States") instanceof Map)) {
            missing.add("States");
        }
        if (!(m.get("StartAt") instanceof String)) {
            missing.add("StartAt");
        }
        if (!missing.isEmpty()) {
            schema("These fields are required: " + missing, path.isEmpty() ? "/" : path);
            return null;
        }
        if (!top) {
            for (String k : m.keySet()) {
                if (!Set.of("StartAt", "States", "Comment", "ProcessorConfig").contains(k)) {
                    schema("Field '" + k + "' is not supported", path);
                }
            }
        }
        String startAt = (String) m.get("StartAt");
        Map<String, Object> rawStates = Json.asObject(m.get("States"));
        if (rawStates.isEmpty()) {
            schema("Value cannot be empty", path + "/States");
        }
        Map<String, State> states = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : rawStates.entrySet()) {
            String loc = path + "/States/" + e.getKey();
            if (e.getKey().isEmpty() || e.getKey().length() > 80) {
                schema("State names must be 1 to 80 characters long", loc);
            }
            if (!(e.getValue() instanceof Map)) {
                schema("The value should be a JSON object", loc);
                continue;
            }
            State s = state(e.getKey(), Json.asObject(e.getValue()), loc);
            if (s != null) {
                states.put(e.getKey(), s);
            }
        }
        StatesContainer c = new StatesContainer(path, startAt, states);
        containers.put(path, c);
        checkTransitions(path, startAt, rawStates, states);
        return c;
    }

    private void checkTransitions(String path, String startAt, Map<String, Object> raw, Map<String, State> states) {
        int before = diagnostics.size();
        if (!raw.containsKey(startAt)) {
            fail("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + startAt, path + "/StartAt");
        }
        for (State s : states.values()) {
            String loc = path + "/States/" + s.name();
            if (s.next() != null && !raw.containsKey(s.next())) {
                fail("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + s.next(), loc + "/Next");
            }
            if (s instanceof ChoiceState c) {
                if (c.defaultNext() != null && !raw.containsKey(c.defaultNext())) {
                    fail("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + c.defaultNext(), loc + "/Default");
                }
                for (int i = 0; i < c.choices().size(); i++) {
                    String n = c.choices().get(i).next();
                    if (n != null && !raw.containsKey(n)) {
                        fail("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + n, loc + "/Choices[" + i + "]/Next");
                    }
                }
            }
            for (int i = 0; i < s.catchers().size(); i++) {
                String n = s.catchers().get(i).next();
                if (n != null && !raw.containsKey(n)) {
                    fail("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + n, loc + "/Catch[" + i + "]/Next");
                }
            }
        }
        if (diagnostics.size() > before || states.size() != raw.size()) {
            return;
        }
        // reachability from StartAt, and whether any terminal state can be reached
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(startAt);
        boolean terminal = false;
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (!seen.add(n)) {
                continue;
            }
            State s = states.get(n);
            if (s == null) {
                continue;
            }
            if (isTerminal(s)) {
                terminal = true;
            }
            if (s.next() != null) {
                todo.add(s.next());
            }
            if (s instanceof ChoiceState c) {
                if (c.defaultNext() != null) {
                    todo.add(c.defaultNext());
                }
                c.choices().stream().map(Choice::next).filter(Objects::nonNull).forEach(todo::add);
            }
            // a rule or catcher without Next is reported already; it leads nowhere
            s.catchers().stream().map(Catcher::next).filter(Objects::nonNull).forEach(todo::add);
        }
        boolean anyTerminal = states.values().stream()
                .anyMatch(DefinitionParser::isTerminal);
        if (!anyTerminal || (!terminal && seen.size() == states.size())) {
            fail("MISSING_END_STATE", "Workflow has no terminal state", null);
            return;
        }
        for (String name : states.keySet()) {
            if (!seen.contains(name)) {
                fail("MISSING_TRANSITION_TARGET", "State \"" + name + "\" is not reachable.", path + "/States/" + name);
            }
        }
    }

    private static boolean isTerminal(State s) {
        return s.end() || s instanceof SucceedState || s instanceof FailState;
    }

    // ---------------------------------------------------------------- states

    /** What every state type has, read before the type's own fields. */
    private record Header(String name, QueryLanguage language, String next, boolean end, Processing io) {
        boolean jsonata() {
            return language == QueryLanguage.JSONata;
        }
    }

    private State state(String name, Map<String, Object> m, String loc) {
        Object type = m.get("Type");
        StateType t;
        try {
            t = type instanceof String ? StateType.valueOf((String) type) : null;
        } catch (IllegalArgumentException e) {
            t = null;
        }
        if (t == null) {
            schema("The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]",
                    loc + "/Type");
            return null;
        }
        QueryLanguage language = topLanguage;
        Object ql = m.get("QueryLanguage");
        if (ql != null) {
            if ("JSONata".equals(ql)) {
                language = QueryLanguage.JSONata;
            } else if ("JSONPath".equals(ql)) {
                if (topLanguage == QueryLanguage.JSONata) {
                    schema("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", loc);
                }
            } else {
                schema("The field 'QueryLanguage' should have one of these values: [JSONPath, JSONata]", loc + "/QueryLanguage");
            }
        }
        boolean jsonata = language == QueryLanguage.JSONata;
        Set<String> allowed = FIELDS.get(t);
        for (String k : m.keySet()) {
            if (COMMON.contains(k)) {
                continue;
            }
            if (!allowed.contains(k)) {
                schema("Field '" + k + "' is not supported", loc);
            } else if (jsonata && JSONPATH_ONLY.contains(k)) {
                schema("The QueryLanguage is set to 'JSONata', but field '" + k
                        + "' is only supported for the 'JSONPath' QueryLanguage", loc);
            } else if (!jsonata && JSONATA_ONLY.contains(k)) {
                schema("The QueryLanguage is set to 'JSONPath', but field '" + k
                        + "' is only supported for the 'JSONata' QueryLanguage", loc);
            }
        }
        String next = null;
        boolean end = false;
        if (t != StateType.Succeed && t != StateType.Fail && t != StateType.Choice) {
            Object n = m.get("Next");
            Object e = m.get("End");
            if (n != null && !(n instanceof String)) {
                schema("The value should be a string", loc + "/Next");
            }
            if (e != null && !(e instanceof Boolean)) {
                schema("The value should be a boolean", loc + "/End");
            }
            next = n instanceof String ? (String) n : null;
            end = Boolean.TRUE.equals(e);
            if (next != null && end) {
                schema("The fields 'Next' and 'End' cannot both be set", loc);
            } else if (next == null && !end) {
                schema("One of these fields is required: [Next, End]", loc);
            }
        }
        Header h = new Header(name, language, next, end, processing(jsonata, m, loc));
        switch (t) {
            case Pass:
                return new PassState(name, language, next, end, h.io(), m.containsKey("Result") ? m.get("Result") : null);
            case Task:
                return task(h, m, loc);
            case Choice:
                return choice(h, m, loc);
            case Wait:
                return waitState(h, m, loc);
            case Fail:
                return failState(h, m, loc);
            case Parallel:
                return parallel(h, m, loc);
            case Map:
                return map(h, m, loc);
            default:
                return new SucceedState(name, language, h.io());
        }
    }

    private Processing processing(boolean jsonata, Map<String, Object> m, String loc) {
        if (!jsonata) {
            PathField inputPath = pathField(m, "InputPath", loc);
            PathField outputPath = pathField(m, "OutputPath", loc);
            PathField resultPath = referencePathField(m, "ResultPath", loc);
            PayloadTemplate parameters = payload(m, "Parameters", loc);
            PayloadTemplate resultSelector = payload(m, "ResultSelector", loc);
            PayloadTemplate assign = assignPath(m.get("Assign"), loc + "/Assign");
            return new Processing(inputPath, outputPath, resultPath, parameters, resultSelector, assign, null, null, null);
        }
        JsonataTemplate arguments = jsonata(m, "Arguments", loc);
        JsonataTemplate output = jsonata(m, "Output", loc);
        JsonataTemplate assign = assignJsonata(m.get("Assign"), loc + "/Assign");
        return new Processing(PathField.DEFAULT, PathField.DEFAULT, PathField.DEFAULT, null, null, null, arguments,
                output, assign);
    }

    private PathField pathField(Map<String, Object> m, String field, String loc) {
        if (!m.containsKey(field)) {
            return PathField.DEFAULT;
        }
        Object v = m.get(field);
        if (v == Json.NULL) {
            return PathField.NULL;
        }
        PathExpr p = path(v, field, loc);
        return p == null ? PathField.DEFAULT : PathField.of(p);
    }

    private PathField referencePathField(Map<String, Object> m, String field, String loc) {
        PathField f = pathField(m, field, loc);
        if (f.path() != null && (f.path().steps() == null || f.path().root() != PathExpr.Root.INPUT)) {
            schema("The value for the field '" + field + "' must be a valid ReferencePath", loc + "/" + field);
            return PathField.DEFAULT;
        }
        return f;
    }

    private PathExpr path(Object v, String field, String loc) {
        if (!(v instanceof String) || !PathExpr.isValid((String) v)) {
            schema("The value for the field '" + field + "' must be a valid JSONPath", loc + "/" + field);
            return null;
        }
        return PathExpr.compile((String) v);
    }

    private PayloadTemplate payload(Map<String, Object> m, String field, String loc) {
        if (!m.containsKey(field)) {
            return null;
        }
        try {
            return PayloadTemplate.compile(m.get(field));
        } catch (IllegalArgumentException e) {
            schema(e.getMessage(), loc + "/" + field);
            return null;
        }
    }

    private PayloadTemplate assignPath(Object v, String loc) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map)) {
            schema("The value should be a JSON object", loc);
            return null;
        }
        checkVariableNames(Json.asObject(v), loc, true);
        try {
            return PayloadTemplate.compile(v);
        } catch (IllegalArgumentException e) {
            schema(e.getMessage(), loc);
            return null;
        }
    }

    private JsonataTemplate assignJsonata(Object v, String loc) {
        return assignJsonata(v, loc, "Assign");
    }

    private JsonataTemplate assignJsonata(Object v, String loc, String field) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map)) {
            schema("The value should be a JSON object", loc);
            return null;
        }
        checkVariableNames(Json.asObject(v), loc, false);
        try {
            return JsonataTemplate.compile(v, field);
        } catch (IllegalArgumentException e) {
            schema("The JSONata expression in the field '" + e.getMessage().split(":")[0]
                    + "' is not valid: " + e.getMessage(), loc);
            return null;
        }
    }

    private void checkVariableNames(Map<String, Object> assign, String loc, boolean jsonPath) {
        for (String k : assign.keySet()) {
            String name = jsonPath && k.endsWith(".$") ? k.substring(0, k.length() - 2) : k;
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || name.equals("states")) {
                schema("The variable name '" + name + "' is not valid: use letters, digits and underscores, "
                        + "not starting with a digit; 'states' is reserved", loc);
            }
        }
    }

    private JsonataTemplate jsonata(Map<String, Object> m, String field, String loc) {
        if (!m.containsKey(field)) {
            return null;
        }
        return jsonataValue(m.get(field), field, loc + "/" + field);
    }

    JsonataTemplate jsonataValue(Object v, String field, String loc) {
        try {
            return JsonataTemplate.compile(v, field);
        } catch (IllegalArgumentException e) {
            schema("The JSONata expression in the field '" + field + "' is not valid: " + e.getMessage(), loc);
            return null;
        }
    }

    private Integer positiveInt(Object v, String loc) {
        if (v instanceof Number && Json.isIntegral((Number) v) && ((Number) v).longValue() > 0
                && ((Number) v).longValue() <= 99_999_999L) {
            return ((Number) v).intValue();
        }
        schema("The value should be an integer between 1 and 99999999", loc);
        return null;
    }

    private Integer nonNegativeInt(Object v, String loc) {
        if (v instanceof Number && Json.isIntegral((Number) v) && ((Number) v).longValue() >= 0
                && ((Number) v).longValue() <= 99_999_999L) {
            return ((Number) v).intValue();
        }
        schema("The value should be a non-negative integer", loc);
        return null;
    }

    /** A numeric field that JSONata states may give as an expression. */
    /** A fixed number (positive, or non-negative) or, in JSONata states, an expression. */
    private Setting<Integer> integerSetting(Header h, Map<String, Object> m, String field, String loc, boolean positive) {
        JsonataTemplate expression = numberOrJsonata(h, m, field, loc);
        if (expression != null) {
            return new Setting.FromExpression<>(expression);
        }
        Integer fixed = positive ? positiveInt(m.get(field), loc + "/" + field) : nonNegativeInt(m.get(field),
                loc + "/" + field);
        return fixed == null ? null : new Setting.Fixed<>(fixed);
    }

    private <T> Setting<T> pathSetting(Object v, String field, String loc) {
        PathExpr p = path(v, field, loc);
        return p == null ? null : new Setting.FromPath<>(p);
    }

    private JsonataTemplate numberOrJsonata(Header h, Map<String, Object> m, String field, String loc) {
        Object v = m.get(field);
        if (h.jsonata() && JsonataExpr.isExpression(v)) {
            return jsonataValue(v, field, loc + "/" + field);
        }
        return null;
    }

    // ---------------------------------------------------------------- per type

    private TaskState task(Header h, Map<String, Object> m, String loc) {
        Object r = m.get("Resource");
        if (!(r instanceof String)) {
            schema("These fields are required: [Resource]", loc);
            return new TaskState(h.name(), h.language(), h.next(), h.end(), h.io(), null, null, null, null, List.of(),
                    List.of());
        }
        String resource = (String) r;
        TaskResource taskResource = TaskResource.parse(resource);
        if (taskResource == null) {
            schema("The resource provided " + resource + " is not recognized. The value is not a valid resource ARN,"
                    + " or the resource is not available in this region.", loc + "/Resource");
        }
        Setting<Integer> timeout = null;
        Setting<Integer> heartbeat = null;
        if (m.containsKey("TimeoutSeconds")) {
            timeout = integerSetting(h, m, "TimeoutSeconds", loc, true);
        }
        if (m.containsKey("HeartbeatSeconds")) {
            heartbeat = integerSetting(h, m, "HeartbeatSeconds", loc, true);
        }
        if (m.containsKey("TimeoutSecondsPath")) {
            timeout = pathSetting(m.get("TimeoutSecondsPath"), "TimeoutSecondsPath", loc);
        }
        if (m.containsKey("HeartbeatSecondsPath")) {
            heartbeat = pathSetting(m.get("HeartbeatSecondsPath"), "HeartbeatSecondsPath", loc);
        }
        if (m.containsKey("TimeoutSeconds") && m.containsKey("TimeoutSecondsPath")) {
            schema("The fields 'TimeoutSeconds' and 'TimeoutSecondsPath' cannot both be set", loc);
        }
        if (timeout instanceof Setting.Fixed<Integer> t && heartbeat instanceof Setting.Fixed<Integer> hb
                && hb.value() >= t.value()) {
            schema("The value of 'HeartbeatSeconds' must be less than the value of 'TimeoutSeconds'", loc + "/HeartbeatSeconds");
        }
        return new TaskState(h.name(), h.language(), h.next(), h.end(), h.io(), resource, taskResource, timeout,
                heartbeat, retry(h, m, loc), catchers(h, m, loc));
    }

    private List<Retrier> retry(Header h, Map<String, Object> m, String loc) {
        return m.containsKey("Retry") ? retriers(m.get("Retry"), loc + "/Retry") : List.of();
    }

    private List<Catcher> catchers(Header h, Map<String, Object> m, String loc) {
        return m.containsKey("Catch") ? catchers(h, m.get("Catch"), loc + "/Catch") : List.of();
    }

    private List<Retrier> retriers(Object v, String loc) {
        List<Retrier> out = new ArrayList<>();
        if (!(v instanceof List)) {
            schema("The value should be an array", loc);
            return out;
        }
        List<Object> l = Json.asArray(v);
        for (int i = 0; i < l.size(); i++) {
            String rl = loc + "[" + i + "]";
            if (!(l.get(i) instanceof Map)) {
                schema("The value should be a JSON object", rl);
                continue;
            }
            Map<String, Object> r = Json.asObject(l.get(i));
            for (String k : r.keySet()) {
                if (!Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                        "JitterStrategy", "Comment").contains(k)) {
                    schema("Field '" + k + "' is not supported", rl);
                }
            }
            List<String> errors = errorEquals(r.get("ErrorEquals"), rl, i == l.size() - 1);
            int interval = 1;
            if (r.containsKey("IntervalSeconds")) {
                Integer iv = positiveInt(r.get("IntervalSeconds"), rl + "/IntervalSeconds");
                interval = iv == null ? 1 : iv;
            }
            int max = 3;
            if (r.containsKey("MaxAttempts")) {
                Integer mv = nonNegativeInt(r.get("MaxAttempts"), rl + "/MaxAttempts");
                max = mv == null ? 3 : mv;
            }
            double backoff = 2.0;
            if (r.containsKey("BackoffRate")) {
                Object b = r.get("BackoffRate");
                if (b instanceof Number && ((Number) b).doubleValue() >= 1.0) {
                    backoff = ((Number) b).doubleValue();
                } else {
                    schema("The value should be a number greater than or equal to 1.0", rl + "/BackoffRate");
                }
            }
            Integer maxDelay = null;
            if (r.containsKey("MaxDelaySeconds")) {
                maxDelay = positiveInt(r.get("MaxDelaySeconds"), rl + "/MaxDelaySeconds");
            }
            boolean full = false;
            if (r.containsKey("JitterStrategy")) {
                Object j = r.get("JitterStrategy");
                if ("FULL".equals(j)) {
                    full = true;
                } else if (!"NONE".equals(j)) {
                    schema("The field 'JitterStrategy' should have one of these values: [FULL, NONE]", rl + "/JitterStrategy");
                }
            }
            out.add(new Retrier(errors, interval, max, backoff, maxDelay, full));
        }
        return out;
    }

    private List<String> errorEquals(Object v, String loc, boolean last) {
        List<String> out = new ArrayList<>();
        if (!(v instanceof List) || Json.asArray(v).isEmpty()) {
            schema("These fields are required: [ErrorEquals]", loc);
            return out;
        }
        for (Object o : Json.asArray(v)) {
            if (!(o instanceof String)) {
                schema("The value should be a string", loc + "/ErrorEquals");
                continue;
            }
            out.add((String) o);
        }
        if (out.contains("States.ALL") && (out.size() > 1 || !last)) {
            schema("States.ALL must appear alone in ErrorEquals and in the last entry", loc + "/ErrorEquals");
        }
        return out;
    }

    private List<Catcher> catchers(Header s, Object v, String loc) {
        List<Catcher> out = new ArrayList<>();
        if (!(v instanceof List)) {
            schema("The value should be an array", loc);
            return out;
        }
        List<Object> l = Json.asArray(v);
        for (int i = 0; i < l.size(); i++) {
            String cl = loc + "[" + i + "]";
            if (!(l.get(i) instanceof Map)) {
                schema("The value should be a JSON object", cl);
                continue;
            }
            Map<String, Object> c = Json.asObject(l.get(i));
            for (String k : c.keySet()) {
                if (!Set.of("ErrorEquals", "Next", "ResultPath", "Output", "Assign", "Comment").contains(k)) {
                    schema("Field '" + k + "' is not supported", cl);
                } else if (s.jsonata() && k.equals("ResultPath")) {
                    schema("The QueryLanguage is set to 'JSONata', but field 'ResultPath' is only supported for the 'JSONPath' QueryLanguage", cl);
                } else if (!s.jsonata() && k.equals("Output")) {
                    schema("The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage", cl);
                }
            }
            List<String> errors = errorEquals(c.get("ErrorEquals"), cl, i == l.size() - 1);
            Object next = c.get("Next");
            if (!(next instanceof String)) {
                schema("These fields are required: [Next]", cl);
            }
            PathField rp = s.jsonata() ? PathField.DEFAULT : referencePathField(c, "ResultPath", cl);
            JsonataTemplate output = s.jsonata() && c.containsKey("Output")
                    ? jsonataValue(c.get("Output"), "Output", cl + "/Output") : null;
            PayloadTemplate ap = s.jsonata() ? null : assignPath(c.get("Assign"), cl + "/Assign");
            JsonataTemplate aj = s.jsonata() ? assignJsonata(c.get("Assign"), cl + "/Assign") : null;
            out.add(new Catcher(errors, next instanceof String ? (String) next : null, rp, output, ap, aj));
        }
        return out;
    }

    private ChoiceState choice(Header s, Map<String, Object> m, String loc) {
        Object d = m.get("Default");
        String defaultNext = null;
        if (d != null) {
            if (d instanceof String) {
                defaultNext = (String) d;
            } else {
                schema("The value should be a string", loc + "/Default");
            }
        }
        Object cs = m.get("Choices");
        List<Choice> choices = new ArrayList<>();
        ChoiceState state = new ChoiceState(s.name(), s.language(), s.io(), choices, defaultNext);
        if (!(cs instanceof List) || Json.asArray(cs).isEmpty()) {
            schema("These fields are required: [Choices]", loc);
            return state;
        }
        List<Object> l = Json.asArray(cs);
        for (int i = 0; i < l.size(); i++) {
            String rl = loc + "/Choices[" + i + "]";
            if (!(l.get(i) instanceof Map)) {
                schema("The value should be a JSON object", rl);
                continue;
            }
            Map<String, Object> r = Json.asObject(l.get(i));
            String field = "Choices[" + i + "]";
            ChoiceRule rule = s.jsonata() ? choiceRules.condition(r, rl, field) : choiceRules.rule(r, rl, true);
            if (rule == null) {
                continue;
            }
            Object next = r.get("Next");
            if (!(next instanceof String)) {
                schema("These fields are required: [Next]", rl);
            }
            PayloadTemplate assignPath = null;
            JsonataTemplate assignJsonata = null;
            JsonataTemplate output = null;
            if (s.jsonata()) {
                assignJsonata = assignJsonata(r.get("Assign"), rl + "/Assign", field + "/Assign");
                if (r.containsKey("Output")) {
                    output = jsonataValue(r.get("Output"), field + "/Output", rl + "/Output");
                }
            } else {
                assignPath = assignPath(r.get("Assign"), rl + "/Assign");
            }
            choices.add(new Choice(rule, next instanceof String ? (String) next : null, assignPath, assignJsonata,
                    output));
        }
        return state;
    }

    private WaitState waitState(Header h, Map<String, Object> m, String loc) {
        int count = 0;
        for (String f : List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath")) {
            if (m.containsKey(f)) {
                count++;
            }
        }
        Setting<Integer> seconds = null;
        Setting<String> timestamp = null;
        if (count != 1) {
            schema("Exactly one of these fields is required: [Seconds, Timestamp, SecondsPath, TimestampPath]", loc);
        } else if (m.containsKey("Seconds")) {
            seconds = integerSetting(h, m, "Seconds", loc, false);
        } else if (m.containsKey("Timestamp")) {
            Object t = m.get("Timestamp");
            if (h.jsonata() && JsonataExpr.isExpression(t)) {
                JsonataTemplate expression = jsonataValue(t, "Timestamp", loc + "/Timestamp");
                timestamp = expression == null ? null : new Setting.FromExpression<>(expression);
            } else if (!(t instanceof String) || ChoiceTimestamps.parse((String) t) == null) {
                schema("String does not match RFC3339 timestamp", loc + "/Timestamp");
            } else {
                timestamp = new Setting.Fixed<>((String) t);
            }
        } else if (m.containsKey("SecondsPath")) {
            seconds = pathSetting(m.get("SecondsPath"), "SecondsPath", loc);
        } else {
            timestamp = pathSetting(m.get("TimestampPath"), "TimestampPath", loc);
        }
        return new WaitState(h.name(), h.language(), h.next(), h.end(), h.io(), seconds, timestamp);
    }

    private FailState failState(Header h, Map<String, Object> m, String loc) {
        if (h.jsonata()) {
            return new FailState(h.name(), h.language(), expressionSetting(m, "Error", loc),
                    expressionSetting(m, "Cause", loc));
        }
        if (m.containsKey("Error") && m.containsKey("ErrorPath")) {
            schema("The fields 'Error' and 'ErrorPath' cannot both be set", loc);
        }
        if (m.containsKey("Cause") && m.containsKey("CausePath")) {
            schema("The fields 'Cause' and 'CausePath' cannot both be set", loc);
        }
        return new FailState(h.name(), h.language(), textSetting(m, "Error", loc), textSetting(m, "Cause", loc));
    }

    /** Fail's Error or Cause in a JSONata state: a string or an expression. */
    private Setting<String> expressionSetting(Map<String, Object> m, String field, String loc) {
        if (!m.containsKey(field)) {
            return null;
        }
        JsonataTemplate t = jsonataValue(m.get(field), field, loc + "/" + field);
        return t == null ? null : new Setting.FromExpression<>(t);
    }

    /** Fail's Error or Cause in a JSONPath state: the string, or its …Path (a path or an intrinsic function). */
    private Setting<String> textSetting(Map<String, Object> m, String field, String loc) {
        Setting<String> fromPath = pathOrIntrinsic(m, field + "Path", loc);
        if (fromPath != null) {
            return fromPath;
        }
        return m.get(field) instanceof String text ? new Setting.Fixed<>(text) : null;
    }

    private Setting<String> pathOrIntrinsic(Map<String, Object> m, String field, String loc) {
        if (!m.containsKey(field)) {
            return null;
        }
        Object v = m.get(field);
        if (v instanceof String) {
            try {
                return Intrinsic.looksLikeCall((String) v) ? new Setting.FromIntrinsic<>(Intrinsic.parse((String) v))
                        : new Setting.FromPath<>(PathExpr.compile((String) v));
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        schema("The value for the field '" + field + "' must be a valid JSONPath or a valid intrinsic function call",
                loc + "/" + field);
        return null;
    }

    private ParallelState parallel(Header h, Map<String, Object> m, String loc) {
        Object b = m.get("Branches");
        List<StatesContainer> branches = new ArrayList<>();
        if (!(b instanceof List) || Json.asArray(b).isEmpty()) {
            schema("Value cannot be empty", loc + "/Branches");
            return new ParallelState(h.name(), h.language(), h.next(), h.end(), h.io(), branches, List.of(), List.of());
        }
        List<Object> l = Json.asArray(b);
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof Map)) {
                schema("The value should be a JSON object", loc + "/Branches[" + i + "]");
                continue;
            }
            StatesContainer c = container(loc + "/Branches[" + i + "]", Json.asObject(l.get(i)), false);
            if (c != null) {
                branches.add(c);
            }
        }
        return new ParallelState(h.name(), h.language(), h.next(), h.end(), h.io(), branches, retry(h, m, loc),
                catchers(h, m, loc));
    }

    private MapState map(Header h, Map<String, Object> m, String loc) {
        String field = m.containsKey("ItemProcessor") ? "ItemProcessor" : "Iterator";
        Object p = m.get(field);
        if (!(p instanceof Map)) {
            schema("These fields are required: [ItemProcessor]", loc);
            return new MapState(h.name(), h.language(), h.next(), h.end(), h.io(), null, false, null, PathField.DEFAULT,
                    null, null, null, null, null, null, null, List.of(), List.of());
        }
        Map<String, Object> proc = Json.asObject(p);
        if (proc.containsKey("QueryLanguage")) {
            schema("Field 'QueryLanguage' is not supported", loc + "/" + field);
        }
        boolean distributed = false;
        Object cfg = proc.get("ProcessorConfig");
        if (cfg instanceof Map) {
            Object mode = Json.asObject(cfg).get("Mode");
            distributed = "DISTRIBUTED".equals(mode);
            if (mode != null && !"DISTRIBUTED".equals(mode) && !"INLINE".equals(mode)) {
                schema("The field 'Mode' should have one of these values: [INLINE, DISTRIBUTED]",
                        loc + "/" + field + "/ProcessorConfig/Mode");
            }
        }
        Map<String, Object> procStates = new LinkedHashMap<>(proc);
        procStates.remove("QueryLanguage");
        StatesContainer itemProcessor = container(loc + "/" + field, procStates, false);
        PathField itemsPath = PathField.DEFAULT;
        JsonataTemplate items = null;
        PayloadTemplate itemSelectorPath = null;
        JsonataTemplate itemSelectorJsonata = null;
        Processing io = h.io();
        if (h.jsonata()) {
            if (m.containsKey("Items")) {
                items = jsonataValue(m.get("Items"), "Items", loc + "/Items");
            }
            if (m.containsKey("ItemSelector")) {
                itemSelectorJsonata = jsonataValue(m.get("ItemSelector"), "ItemSelector", loc + "/ItemSelector");
            }
        } else {
            itemsPath = pathField(m, "ItemsPath", loc);
            String sel = m.containsKey("ItemSelector") ? "ItemSelector" : "Parameters";
            if (m.containsKey("ItemSelector") && m.containsKey("Parameters")) {
                schema("The fields 'ItemSelector' and 'Parameters' cannot both be set", loc);
            }
            itemSelectorPath = payload(m, sel, loc);
            io = io.withoutParameters();
        }
        Setting<Integer> maxConcurrency = null;
        if (m.containsKey("MaxConcurrency")) {
            maxConcurrency = integerSetting(h, m, "MaxConcurrency", loc, false);
        }
        if (m.containsKey("MaxConcurrencyPath")) {
            maxConcurrency = pathSetting(m.get("MaxConcurrencyPath"), "MaxConcurrencyPath", loc);
        }
        Setting<Integer> toleratedCount = null;
        if (m.containsKey("ToleratedFailureCount")) {
            toleratedCount = integerSetting(h, m, "ToleratedFailureCount", loc, false);
        }
        if (m.containsKey("ToleratedFailureCountPath")) {
            toleratedCount = pathSetting(m.get("ToleratedFailureCountPath"), "ToleratedFailureCountPath", loc);
        }
        Setting<Double> toleratedPercentage = toleratedPercentage(h, m, loc);
        MapState.ItemBatcher batcher = null;
        if (m.containsKey("ItemBatcher")) {
            Integer maxItems = null;
            Integer maxBytes = null;
            Object batchInput = null;
            Object ib = m.get("ItemBatcher");
            if (ib instanceof Map) {
                Map<String, Object> b = Json.asObject(ib);
                if (b.containsKey("MaxItemsPerBatch")) {
                    maxItems = positiveInt(b.get("MaxItemsPerBatch"), loc + "/ItemBatcher/MaxItemsPerBatch");
                }
                if (b.containsKey("MaxInputBytesPerBatch")) {
                    maxBytes = positiveInt(b.get("MaxInputBytesPerBatch"), loc + "/ItemBatcher/MaxInputBytesPerBatch");
                }
                batchInput = b.get("BatchInput");
            }
            batcher = new MapState.ItemBatcher(maxItems, maxBytes, batchInput);
        }
        if (m.containsKey("ResultWriter")) {
            schema("ResultWriter writes to Amazon S3, which this local engine does not provide", loc + "/ResultWriter");
        }
        if (m.containsKey("ItemReader")) {
            schema("ItemReader reads from Amazon S3, which this local engine does not provide", loc + "/ItemReader");
        }
        String label = m.get("Label") instanceof String l ? l : null;
        return new MapState(h.name(), h.language(), h.next(), h.end(), io, itemProcessor, distributed, label, itemsPath,
                items, itemSelectorPath, itemSelectorJsonata, maxConcurrency, toleratedCount, toleratedPercentage,
                batcher, retry(h, m, loc), catchers(h, m, loc));
    }

    private Setting<Double> toleratedPercentage(Header h, Map<String, Object> m, String loc) {
        Setting<Double> out = null;
        if (m.containsKey("ToleratedFailurePercentage")) {
            JsonataTemplate expression = numberOrJsonata(h, m, "ToleratedFailurePercentage", loc);
            if (expression != null) {
                out = new Setting.FromExpression<>(expression);
            } else {
                Object v = m.get("ToleratedFailurePercentage");
                if (v instanceof Number && ((Number) v).doubleValue() >= 0 && ((Number) v).doubleValue() <= 100) {
                    out = new Setting.Fixed<>(((Number) v).doubleValue());
                } else {
                    schema("The value should be a number between 0 and 100", loc + "/ToleratedFailurePercentage");
                }
            }
        }
        if (m.containsKey("ToleratedFailurePercentagePath")) {
            Setting<Double> path = pathSetting(m.get("ToleratedFailurePercentagePath"), "ToleratedFailurePercentagePath", loc);
            if (path != null) {
                out = path;
            }
        }
        return out;
    }
}

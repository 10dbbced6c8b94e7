package dev.sagastack.local.twin.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.stepfunctions.ExecutionInfo;
import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.local.stepfunctions.HistoryEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the console shows of one execution: its states with the outcome of each (succeeded, failed, caught,
 * compensated, running, not run) and their last input/output, the transitions of the definition laid out on
 * a grid (the happy path in the first column, compensations to its right), and the event history.
 *
 * <p>Compensation states are those reached only through a Catch: reachable from a Catch target but not from
 * StartAt along Next/Choice transitions. History events are attributed to the state most recently entered,
 * which is exact for definitions without Parallel or Map states (as the saga is).
 */
public final class ExecutionView {

    /** The outcome of a state in one execution, as the console colours it. */
    public enum Outcome { SUCCEEDED, FAILED, CAUGHT, COMPENSATED, RUNNING, NOT_RUN }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExecutionView() {
    }

    public static ObjectNode build(ExecutionInfo execution, String definitionText, List<HistoryEvent> history) {
        JsonNode definition = read(definitionText);
        JsonNode states = definition.path("States");
        String startAt = definition.path("StartAt").asText();
        List<Edge> edges = edges(states);
        Set<String> normal = reachable(List.of(startAt), edges, false);
        List<String> catchTargets = edges.stream().filter(e -> e.kind.equals("catch")).map(e -> e.to).toList();
        Set<String> compensation = reachable(catchTargets, edges, true);
        compensation.removeAll(normal);
        Map<String, StateRun> runs = replay(history, execution.status());

        ObjectNode view = JSON.createObjectNode();
        view.set("execution", execution(execution));
        view.put("startAt", startAt);
        Map<String, int[]> layout = layout(startAt, states, edges, normal, compensation);
        ArrayNode stateArray = view.putArray("states");
        Iterator<Map.Entry<String, JsonNode>> fields = states.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            StateRun run = runs.get(name);
            Outcome outcome = outcome(field.getValue().path("Type").asText(), compensation.contains(name), run);
            ObjectNode state = stateArray.addObject();
            state.put("name", name);
            state.put("type", field.getValue().path("Type").asText());
            state.put("comment", field.getValue().path("Comment").asText(""));
            state.put("compensation", compensation.contains(name));
            state.put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            state.put("column", layout.get(name)[0]);
            state.put("row", layout.get(name)[1]);
            if (run != null) {
                state.put("entered", run.entered);
                state.put("failures", run.failures);
                putJsonText(state, "input", run.input);
                putJsonText(state, "output", run.output);
                if (run.error != null) {
                    state.put("error", run.error);
                    state.put("cause", run.cause);
                }
            }
        }
        ArrayNode edgeArray = view.putArray("edges");
        for (Edge edge : edges) {
            edgeArray.addObject().put("from", edge.from).put("to", edge.to).put("kind", edge.kind);
        }
        ArrayNode events = view.putArray("history");
        String current = null;
        String function = null;
        Instant started = history.isEmpty() ? Instant.EPOCH : history.get(0).timestamp();
        for (HistoryEvent event : history) {
            Map<String, Object> details = event.details();
            if (event.type().endsWith("StateEntered")) {
                current = String.valueOf(details.get("name"));
                function = null;
            }
            if (event.type().equals("TaskScheduled")) {
                function = functionName(details.get("parameters")).orElse(null);
            }
            ObjectNode node = events.addObject();
            node.put("id", event.id());
            node.put("previousEventId", event.previousEventId());
            node.put("timestamp", event.timestamp().toString());
            // the AWS console's "Started After" column: milliseconds since the execution started
            node.put("sinceStartMs", Duration.between(started, event.timestamp()).toMillis());
            node.put("type", event.type());
            if (current != null && !event.type().startsWith("Execution")) {
                node.put("state", current);
            }
            if (details.get("resourceType") != null && details.get("resource") != null) {
                node.put("resource", function != null ? function
                        : details.get("resourceType") + ":" + details.get("resource"));
            }
            node.set("details", JSON.valueToTree(details));
        }
        view.set("timeline", ExecutionTimeline.toJson(ExecutionTimeline.of(history)));
        return view;
    }

    static Outcome outcome(String type, boolean compensation, StateRun run) {
        if (run == null || run.entered == 0) {
            return Outcome.NOT_RUN;
        }
        if (type.equals("Fail")) {
            return Outcome.FAILED;
        }
        if (run.lastAttemptFailed) {
            // A Catch took the execution elsewhere (with or without an Exited event for the failed state).
            if (run.exited || run.executionMovedOn) {
                return Outcome.CAUGHT;
            }
            return run.executionRunning ? Outcome.RUNNING : Outcome.FAILED;
        }
        if (run.exited) {
            return compensation ? Outcome.COMPENSATED : Outcome.SUCCEEDED;
        }
        return run.executionRunning ? Outcome.RUNNING : Outcome.FAILED;
    }

    private static Map<String, StateRun> replay(List<HistoryEvent> history, ExecutionStatus status) {
        Map<String, StateRun> runs = new HashMap<>();
        StateRun current = null;
        for (HistoryEvent event : history) {
            String type = event.type();
            Map<String, Object> details = event.details();
            if (type.endsWith("StateEntered")) {
                if (current != null && !current.exited) {
                    current.executionMovedOn = true;
                }
                current = runs.computeIfAbsent(String.valueOf(details.get("name")), n -> new StateRun());
                current.entered++;
                current.exited = false;
                current.lastAttemptFailed = false;
                current.executionMovedOn = false;
                current.input = (String) details.get("input");
            } else if (current != null && type.endsWith("StateExited")) {
                current.exited = true;
                current.output = (String) details.get("output");
            } else if (current != null && !type.startsWith("Execution")
                    && (type.endsWith("Failed") || type.endsWith("TimedOut"))) {
                current.failures++;
                current.lastAttemptFailed = true;
                Object error = details.get("error");
                current.error = error == null ? (type.endsWith("TimedOut") ? "States.Timeout" : type) : error.toString();
                Object cause = details.get("cause");
                current.cause = cause == null ? "" : cause.toString();
            } else if (current != null && type.endsWith("Scheduled")) {
                // A new attempt (a retry): only its result counts.
                current.lastAttemptFailed = false;
            }
        }
        boolean running = status == ExecutionStatus.RUNNING;
        runs.values().forEach(r -> r.executionRunning = running);
        return runs;
    }

    private static List<Edge> edges(JsonNode states) {
        List<Edge> edges = new ArrayList<>();
        states.fields().forEachRemaining(field -> {
            String from = field.getKey();
            JsonNode state = field.getValue();
            if (state.hasNonNull("Next")) {
                edges.add(new Edge(from, state.get("Next").asText(), "next"));
            }
            state.path("Choices").forEach(choice -> {
                if (choice.hasNonNull("Next")) {
                    edges.add(new Edge(from, choice.get("Next").asText(), "choice"));
                }
            });
            if (state.hasNonNull("Default")) {
                edges.add(new Edge(from, state.get("Default").asText(), "default"));
            }
            state.path("Catch").forEach(catcher -> {
                if (catcher.hasNonNull("Next")) {
                    edges.add(new Edge(from, catcher.get("Next").asText(), "catch"));
                }
            });
        });
        return edges;
    }

    private static Set<String> reachable(List<String> roots, List<Edge> edges, boolean followCatch) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(roots);
        while (!queue.isEmpty()) {
            String state = queue.poll();
            if (!seen.add(state)) {
                continue;
            }
            for (Edge edge : edges) {
                if (edge.from.equals(state) && (followCatch || !edge.kind.equals("catch"))) {
                    queue.add(edge.to);
                }
            }
        }
        return seen;
    }

    /**
     * Column 0: the states reached without a Catch, in breadth-first order from StartAt. Column 1: the
     * compensation chains that start at a Catch target of column 0, in the order of their transitions,
     * beginning beside the second state. Column 2: states reached only through a Catch of a compensation.
     */
    private static Map<String, int[]> layout(String startAt, JsonNode states, List<Edge> edges, Set<String> normal,
                                             Set<String> compensation) {
        Map<String, int[]> layout = new LinkedHashMap<>();
        int row = 0;
        for (String state : normal) {
            layout.put(state, new int[]{0, row++});
        }
        Set<String> firstLine = new LinkedHashSet<>();
        for (Edge edge : edges) {
            if (edge.kind.equals("catch") && normal.contains(edge.from) && compensation.contains(edge.to)) {
                firstLine.add(edge.to);
            }
        }
        Set<String> column1 = reachableWithin(firstLine, edges, compensation);
        int compensationRow = 1;
        for (String state : topological(column1, edges)) {
            layout.put(state, new int[]{1, compensationRow++});
        }
        int lateRow = Math.max(1, compensationRow - 2);
        for (String state : topological(new LinkedHashSet<>(compensation), edges)) {
            if (!layout.containsKey(state)) {
                layout.put(state, new int[]{2, lateRow++});
            }
        }
        states.fieldNames().forEachRemaining(name -> layout.putIfAbsent(name, new int[]{3, layout.size()}));
        return layout;
    }

    private static Set<String> reachableWithin(Set<String> roots, List<Edge> edges, Set<String> allowed) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(roots);
        while (!queue.isEmpty()) {
            String state = queue.poll();
            if (!allowed.contains(state) || !seen.add(state)) {
                continue;
            }
            for (Edge edge : edges) {
                if (edge.from.equals(state) && !edge.kind.equals("catch")) {
                    queue.add(edge.to);
                }
            }
        }
        return seen;
    }

    /** Orders states so that each comes after the states with a non-catch transition into it (cycles broken by input order). */
    private static List<String> topological(Set<String> states, List<Edge> edges) {
        Map<String, Integer> incoming = new LinkedHashMap<>();
        states.forEach(s -> incoming.put(s, 0));
        for (Edge edge : edges) {
            if (!edge.kind.equals("catch") && states.contains(edge.from) && states.contains(edge.to)) {
                incoming.merge(edge.to, 1, Integer::sum);
            }
        }
        List<String> order = new ArrayList<>();
        Set<String> remaining = new LinkedHashSet<>(states);
        while (!remaining.isEmpty()) {
            String next = remaining.stream().filter(s -> incoming.get(s) == 0).findFirst().orElse(remaining.iterator().next());
            remaining.remove(next);
            order.add(next);
            for (Edge edge : edges) {
                if (edge.from.equals(next) && !edge.kind.equals("catch") && remaining.contains(edge.to)) {
                    incoming.merge(edge.to, -1, Integer::sum);
                }
            }
        }
        return order;
    }

    static ObjectNode execution(ExecutionInfo execution) {
        ObjectNode node = JSON.createObjectNode();
        node.put("executionArn", execution.executionArn());
        node.put("stateMachineArn", execution.stateMachineArn());
        node.put("name", execution.name());
        node.put("status", execution.status().name());
        node.put("startDate", execution.startDate().toString());
        execution.stopDate().ifPresent(d -> node.put("stopDate", d.toString()));
        putJsonText(node, "input", execution.input());
        execution.output().ifPresent(o -> putJsonText(node, "output", o));
        execution.error().ifPresent(e -> node.put("error", e));
        execution.cause().ifPresent(c -> node.put("cause", c));
        execution.stateMachineVersionArn().ifPresent(v -> node.put("stateMachineVersionArn", v));
        execution.stateMachineAliasArn().ifPresent(a -> node.put("stateMachineAliasArn", a));
        node.put("redriveCount", execution.redriveCount());
        execution.redriveDate().ifPresent(d -> node.put("redriveDate", d.toString()));
        execution.redriveStatus().ifPresent(r -> node.put("redriveStatus", r));
        execution.redriveStatusReason().ifPresent(r -> node.put("redriveStatusReason", r));
        return node;
    }

    /** The function a Lambda task invokes, by name, from TaskScheduled's parameters (JSON text). */
    static Optional<String> functionName(Object parameters) {
        if (!(parameters instanceof String text)) {
            return Optional.empty();
        }
        JsonNode name;
        try {
            name = JSON.readTree(text).path("FunctionName");
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!name.isTextual()) {
            return Optional.empty();
        }
        // arn:aws:lambda:region:account:function:NAME[:qualifier] → NAME[:qualifier]
        String value = name.asText();
        int at = value.indexOf(":function:");
        return Optional.of(at < 0 ? value : value.substring(at + ":function:".length()));
    }

    private static void putJsonText(ObjectNode node, String field, String json) {
        if (json != null) {
            node.put(field, json);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Edge(String from, String to, String kind) {
    }

    /** What the history says about one state. */
    static final class StateRun {
        int entered;
        int failures;
        boolean exited;
        boolean lastAttemptFailed;
        boolean executionMovedOn;
        boolean executionRunning;
        String input;
        String output;
        String error;
        String cause;
    }
}

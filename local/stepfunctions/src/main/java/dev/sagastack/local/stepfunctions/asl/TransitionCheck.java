package dev.sagastack.local.stepfunctions.asl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transitions of one StartAt + States block, checked as ValidateStateMachineDefinition does:
 * every target (StartAt, Next, a Choice's Default and rules, a Catch) names a state of the block
 * (MISSING_TRANSITION_TARGET), every state is reachable from StartAt, and a terminal state can be
 * reached (MISSING_END_STATE).
 */
final class TransitionCheck {
    /** A state's transition to {@code target}, written at {@code location}. */
    private record Transition(String target, String location) {
    }

    private TransitionCheck() {
    }

    static void check(Diagnostics diagnostics, String path, String startAt, Map<String, Object> raw,
                      Map<String, State> states) {
        int before = diagnostics.count();
        if (!raw.containsKey(startAt)) {
            diagnostics.missingTarget(startAt, path + "/StartAt");
        }
        for (State s : states.values()) {
            for (Transition t : transitions(s, path + "/States/" + s.name())) {
                if (!raw.containsKey(t.target())) {
                    diagnostics.missingTarget(t.target(), t.location());
                }
            }
        }
        // reachability means little while targets are missing or states could not be read
        if (diagnostics.count() > before || states.size() != raw.size()) {
            return;
        }
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
            terminal |= isTerminal(s);
            transitions(s, "").forEach(t -> todo.add(t.target()));
        }
        boolean anyTerminal = states.values().stream().anyMatch(TransitionCheck::isTerminal);
        if (!anyTerminal || (!terminal && seen.size() == states.size())) {
            diagnostics.add(Diagnostics.MISSING_END_STATE, "Workflow has no terminal state", null);
            return;
        }
        for (String name : states.keySet()) {
            if (!seen.contains(name)) {
                diagnostics.add(Diagnostics.MISSING_TRANSITION_TARGET, "State \"" + name + "\" is not reachable.",
                        path + "/States/" + name);
            }
        }
    }

    private static boolean isTerminal(State s) {
        return s.end() || s instanceof SucceedState || s instanceof FailState;
    }

    /** Where a state can go; a rule or catcher without Next (reported when read) goes nowhere. */
    private static List<Transition> transitions(State s, String loc) {
        List<Transition> out = new ArrayList<>();
        add(out, s.next(), loc + "/Next");
        if (s instanceof ChoiceState c) {
            add(out, c.defaultNext(), loc + "/Default");
            for (int i = 0; i < c.choices().size(); i++) {
                add(out, c.choices().get(i).next(), loc + "/Choices[" + i + "]/Next");
            }
        }
        for (int i = 0; i < s.catchers().size(); i++) {
            add(out, s.catchers().get(i).next(), loc + "/Catch[" + i + "]/Next");
        }
        return out;
    }

    private static void add(List<Transition> out, String target, String location) {
        if (target != null) {
            out.add(new Transition(target, location));
        }
    }
}

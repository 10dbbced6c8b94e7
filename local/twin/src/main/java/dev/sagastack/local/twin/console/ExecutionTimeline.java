package dev.sagastack.local.twin.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.stepfunctions.HistoryEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The timeline of an execution as the console draws it (the "Timeline" view of the AWS console's execution page):
 * one span per state visit, its start and end in milliseconds after the execution started, and inside it one
 * attempt per task scheduling, so retries show as separate bars. Redrives are marked where they happened.
 *
 * <p>Spans are attributed to the state most recently entered, as {@link ExecutionView} does for the history
 * (exact for definitions without Parallel or Map states).
 */
public final class ExecutionTimeline {

    /** One try of a task: scheduled → succeeded, failed or timed out (still running: no end). */
    public record Attempt(long startMs, Optional<Long> endMs, String outcome, Optional<String> error) {
    }

    /** One visit of a state. {@code outcome} is succeeded, failed, caught (left through a Catch), aborted or running. */
    public record Span(String state, String type, long startMs, Optional<Long> endMs, String outcome,
                       List<Attempt> attempts) {
        public int retries() {
            return Math.max(0, attempts.size() - 1);
        }
    }

    /** @param redrivesAtMs when each redrive happened, after the execution's start */
    public record Timeline(List<Span> spans, List<Long> redrivesAtMs, Optional<Long> endMs) {
    }

    private ExecutionTimeline() {
    }

    public static Timeline of(List<HistoryEvent> history) {
        List<Span> spans = new ArrayList<>();
        List<Long> redrives = new ArrayList<>();
        if (history.isEmpty()) {
            return new Timeline(spans, redrives, Optional.empty());
        }
        Instant start = history.get(0).timestamp();
        OpenSpan open = null;
        Optional<Long> end = Optional.empty();
        for (HistoryEvent event : history) {
            long at = event.timestamp().toEpochMilli() - start.toEpochMilli();
            String type = event.type();
            Map<String, Object> details = event.details();
            if (type.endsWith("StateEntered")) {
                if (open != null) {
                    // entered another state without an Exited event: a Catch took the execution there
                    spans.add(open.close(at, "caught"));
                }
                open = new OpenSpan(String.valueOf(details.get("name")), type.substring(0, type.length() - "StateEntered".length()), at);
            } else if (type.endsWith("StateExited") && open != null) {
                spans.add(open.close(at, open.lastAttemptFailed() ? "caught" : "succeeded"));
                open = null;
            } else if (type.equals("ExecutionRedriven")) {
                redrives.add(at);
                end = Optional.empty();
            } else if (type.startsWith("Execution") && !type.equals("ExecutionStarted")) {
                end = Optional.of(at);
                if (open != null) {
                    spans.add(open.close(at, switch (type) {
                        case "ExecutionSucceeded" -> "succeeded";
                        case "ExecutionAborted" -> "aborted";
                        default -> "failed";
                    }));
                    open = null;
                }
            } else if (open != null && type.equals("TaskScheduled")) {
                open.attemptStart = at;
            } else if (open != null && type.equals("TaskSucceeded")) {
                open.endAttempt(at, "succeeded", Optional.empty());
            } else if (open != null && type.startsWith("Task") && (type.endsWith("Failed") || type.endsWith("TimedOut"))) {
                Object error = details.get("error");
                open.endAttempt(at, type.endsWith("TimedOut") ? "timed-out" : "failed",
                        Optional.of(error == null ? (type.endsWith("TimedOut") ? "States.Timeout" : type) : error.toString()));
            }
        }
        if (open != null) {
            spans.add(open.running());
        }
        return new Timeline(spans, redrives, end);
    }

    static ObjectNode toJson(Timeline timeline) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode node = f.objectNode();
        timeline.endMs().ifPresent(e -> node.put("endMs", e));
        ArrayNode redrives = node.putArray("redrivesAtMs");
        timeline.redrivesAtMs().forEach(redrives::add);
        ArrayNode spans = node.putArray("spans");
        for (Span span : timeline.spans()) {
            ObjectNode s = spans.addObject();
            s.put("state", span.state());
            s.put("type", span.type());
            s.put("startMs", span.startMs());
            span.endMs().ifPresent(e -> s.put("endMs", e));
            s.put("outcome", span.outcome());
            s.put("retries", span.retries());
            ArrayNode attempts = s.putArray("attempts");
            for (Attempt attempt : span.attempts()) {
                ObjectNode a = attempts.addObject();
                a.put("startMs", attempt.startMs());
                attempt.endMs().ifPresent(e -> a.put("endMs", e));
                a.put("outcome", attempt.outcome());
                attempt.error().ifPresent(e -> a.put("error", e));
            }
        }
        return node;
    }

    /** A state visit still being read from the history. */
    private static final class OpenSpan {
        final String state;
        final String type;
        final long start;
        final List<Attempt> attempts = new ArrayList<>();
        Long attemptStart;

        OpenSpan(String state, String type, long start) {
            this.state = state;
            this.type = type;
            this.start = start;
        }

        void endAttempt(long at, String outcome, Optional<String> error) {
            attempts.add(new Attempt(attemptStart == null ? at : attemptStart, Optional.of(at), outcome, error));
            attemptStart = null;
        }

        boolean lastAttemptFailed() {
            return !attempts.isEmpty() && !attempts.get(attempts.size() - 1).outcome().equals("succeeded");
        }

        Span close(long at, String outcome) {
            if (attemptStart != null) {
                // the execution ended (stopped, timed out) while this attempt ran
                attempts.add(new Attempt(attemptStart, Optional.of(at), "failed", Optional.empty()));
                attemptStart = null;
            }
            return new Span(state, type, start, Optional.of(at), outcome, List.copyOf(attempts));
        }

        Span running() {
            List<Attempt> all = new ArrayList<>(attempts);
            if (attemptStart != null) {
                all.add(new Attempt(attemptStart, Optional.empty(), "running", Optional.empty()));
            }
            return new Span(state, type, start, Optional.empty(), "running", List.copyOf(all));
        }
    }
}

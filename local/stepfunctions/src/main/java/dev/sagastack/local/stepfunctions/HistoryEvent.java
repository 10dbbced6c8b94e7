package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.json.Json;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One GetExecutionHistory event: id, previousEventId, timestamp, type (e.g. TaskStateEntered) and
 * one details object named after the type (e.g. stateEnteredEventDetails). Input and output values
 * are kept as values and turned into JSON text only when read, which keeps recording cheap.
 */
public final class HistoryEvent {
    private static final Set<String> JSON_TEXT_FIELDS = Set.of("input", "output", "parameters");

    private final long id;
    private final long previousEventId;
    private final Instant timestamp;
    private final String type;
    private final String detailsName;
    private final Map<String, Object> details;

    public HistoryEvent(long id, long previousEventId, Instant timestamp, String type, String detailsName,
                        Map<String, Object> details) {
        this.id = id;
        this.previousEventId = previousEventId;
        this.timestamp = timestamp;
        this.type = type;
        this.detailsName = detailsName;
        this.details = details;
    }

    public long id() {
        return id;
    }

    public long previousEventId() {
        return previousEventId;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public String type() {
        return type;
    }

    /** The details member name, e.g. "taskScheduledEventDetails"; null for events without details. */
    public String detailsName() {
        return detailsName;
    }

    /**
     * The details as GetExecutionHistory returns them: input/output/parameters as JSON text, plus
     * inputDetails/outputDetails; assignedVariables as name → JSON text.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> details() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (details == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : details.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            if (JSON_TEXT_FIELDS.contains(k)) {
                out.put(k, Json.write(v));
                if (!k.equals("parameters")) {
                    out.put(k + "Details", Map.of("truncated", false));
                }
            } else if (k.equals("assignedVariables")) {
                Map<String, Object> vars = new LinkedHashMap<>();
                ((Map<String, Object>) v).forEach((n, val) -> vars.put(n, Json.write(val)));
                out.put(k, vars);
                out.put("assignedVariablesDetails", Map.of("truncated", false));
            } else {
                out.put(k, v);
            }
        }
        return out;
    }

    /** The details with their raw values (for storage). */
    public Map<String, Object> rawDetails() {
        return details;
    }

    /** The event as the GetExecutionHistory JSON API returns it (timestamp in epoch seconds). */
    public Map<String, Object> toApiJson(boolean includeExecutionData) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("previousEventId", previousEventId);
        m.put("timestamp", timestamp.toEpochMilli() / 1000.0);
        m.put("type", type);
        if (detailsName != null) {
            Map<String, Object> d = details();
            if (!includeExecutionData) {
                d.remove("input");
                d.remove("output");
                d.remove("parameters");
            }
            m.put(detailsName, d);
        }
        return m;
    }

    @Override
    public String toString() {
        return id + "/" + previousEventId + " " + type + (detailsName == null ? "" : " " + Json.write(details()));
    }
}

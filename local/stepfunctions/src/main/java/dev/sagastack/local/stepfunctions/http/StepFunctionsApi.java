package dev.sagastack.local.stepfunctions.http;

import dev.sagastack.local.stepfunctions.ExecutionInfo;
import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.local.stepfunctions.HistoryEvent;
import dev.sagastack.local.stepfunctions.HistoryPage;
import dev.sagastack.local.stepfunctions.StateMachineForExecution;
import dev.sagastack.local.stepfunctions.StateMachineInfo;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;
import dev.sagastack.local.stepfunctions.StepFunctionsException;
import dev.sagastack.local.stepfunctions.ValidationResult;
import dev.sagastack.local.stepfunctions.asl.Diagnostic;
import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.json.JsonException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Step Functions JSON 1.0 API ({@code X-Amz-Target: AWSStepFunctions.<Operation>}) over an
 * engine: request JSON in, response JSON out, errors as {@code {"__type","message"}} with HTTP 400.
 * Independent of any HTTP server so a host can mount it in its own.
 */
public final class StepFunctionsApi {
    public static final String TARGET_PREFIX = "AWSStepFunctions.";
    private static final Pattern EXPRESS_EXECUTION = Pattern.compile("^arn:aws[a-z-]*:states:[^:]*:[^:]*:express:.*");

    private final StepFunctionsEngine engine;

    public StepFunctionsApi(StepFunctionsEngine engine) {
        this.engine = engine;
    }

    /** An HTTP response: status and JSON body. */
    public record Response(int status, String body) {
    }

    /** Handles one call; {@code target} is the X-Amz-Target header value. */
    public Response handle(String target, String body) {
        try {
            if (target == null || !target.startsWith(TARGET_PREFIX)) {
                return error(400, "UnknownOperationException", "Unknown operation " + target);
            }
            Object parsed;
            try {
                parsed = Json.parse(body == null || body.isBlank() ? "{}" : body);
            } catch (JsonException e) {
                return error(400, "SerializationException", "Malformed request body: " + e.getMessage());
            }
            if (!(parsed instanceof Map)) {
                return error(400, "SerializationException", "The request body must be a JSON object");
            }
            Map<String, Object> req = Json.asObject(parsed);
            String operation = target.substring(TARGET_PREFIX.length());
            RequestShapes.check(operation, req);
            Object out = dispatch(operation, req);
            return out == null ? error(400, "UnknownOperationException", "Unknown operation " + target)
                    : new Response(200, Json.write(out));
        } catch (StepFunctionsException e) {
            return error(400, e.code(), e.getMessage());
        } catch (ValidationError e) {
            return error(400, "ValidationException", e.getMessage());
        } catch (RuntimeException e) {
            return error(500, "InternalFailure", String.valueOf(e));
        }
    }

    private static Response error(int status, String type, String message) {
        return new Response(status, Json.write(Json.obj("__type", type, "message", message)));
    }

    static final class ValidationError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ValidationError(String m) {
            super(m);
        }
    }

    static String required(Map<String, Object> req, String field) {
        Object v = req.get(field);
        if (!(v instanceof String)) {
            throw new ValidationError("1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return (String) v;
    }

    static String optional(Map<String, Object> req, String field) {
        Object v = req.get(field);
        return v instanceof String ? (String) v : null;
    }

    private static int intField(Map<String, Object> req, String field, int dflt) {
        Object v = req.get(field);
        if (v instanceof Number) {
            int n = ((Number) v).intValue();
            if (n < 0 || n > 1000) {
                throw new ValidationError("1 validation error detected: Value '" + n + "' at '" + field
                        + "' failed to satisfy constraint: Member must have value less than or equal to 1000");
            }
            return n == 0 ? dflt : n;
        }
        return dflt;
    }

    /**
     * The executionArn of an operation that only Standard executions have. AWS answers an express
     * execution's ARN with InvalidArn before looking it up (DescribeExecution, StopExecution,
     * GetExecutionHistory and DescribeStateMachineForExecution API references: "not supported by
     * EXPRESS state machines"; the error is the one AWS returns for such an ARN).
     */
    private static String standardExecutionArn(Map<String, Object> req) {
        String arn = required(req, "executionArn");
        if (EXPRESS_EXECUTION.matcher(arn).matches()) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: express'");
        }
        return arn;
    }

    static double epoch(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    @SuppressWarnings("unchecked")
    private Object dispatch(String op, Map<String, Object> req) {
        switch (op) {
            case "CreateStateMachine": {
                boolean publish = VersionsAndAliasesApi.publish(req);
                Map<String, String> tags = ActivitiesAndTagsApi.tags(req);
                StateMachineInfo sm = engine.createStateMachine(required(req, "name"), required(req, "definition"),
                        Map.of(), optional(req, "roleArn"), optional(req, "type"));
                if (!tags.isEmpty()) {
                    engine.tagResource(sm.stateMachineArn(), tags);
                }
                Map<String, Object> m = Json.obj("stateMachineArn", sm.stateMachineArn(), "creationDate",
                        epoch(sm.creationDate()));
                if (publish) {
                    m.put("stateMachineVersionArn", engine.publishStateMachineVersion(sm.stateMachineArn(), null,
                            optional(req, "versionDescription")).stateMachineVersionArn());
                }
                return m;
            }
            case "UpdateStateMachine": {
                boolean publish = VersionsAndAliasesApi.publish(req);
                StateMachineInfo sm = engine.updateStateMachine(required(req, "stateMachineArn"),
                        optional(req, "definition"), Map.of(), optional(req, "roleArn"));
                Map<String, Object> m = Json.obj("updateDate", epoch(engine.now()), "revisionId", sm.revisionId());
                if (publish) {
                    m.put("stateMachineVersionArn", engine.publishStateMachineVersion(sm.stateMachineArn(),
                            sm.revisionId(), optional(req, "versionDescription")).stateMachineVersionArn());
                }
                return m;
            }
            case "DescribeStateMachine": {
                StateMachineInfo sm = engine.describeStateMachine(required(req, "stateMachineArn"));
                return describeStateMachine(sm);
            }
            case "DescribeStateMachineForExecution": {
                StateMachineForExecution ran = engine.describeStateMachineForExecution(standardExecutionArn(req));
                StateMachineInfo sm = ran.stateMachine();
                Map<String, Object> m = describeStateMachine(sm);
                ran.mapRunArn().ifPresent(arn -> m.put("mapRunArn", arn));
                ran.label().ifPresent(label -> m.put("label", label));
                m.remove("status");
                m.remove("type");
                m.remove("creationDate");
                m.put("updateDate", epoch(sm.creationDate()));
                if (sm.revisionId() == null) {
                    m.remove("revisionId");
                }
                return m;
            }
            case "ListStateMachines": {
                List<StateMachineInfo> all = engine.listStateMachines();
                return page(all, req, "stateMachines", "list-state-machines", sm -> Json.obj(
                        "stateMachineArn", sm.stateMachineArn(), "name", sm.name(), "type", sm.type(),
                        "creationDate", epoch(sm.creationDate())));
            }
            case "DeleteStateMachine":
                engine.deleteStateMachine(required(req, "stateMachineArn"));
                return new LinkedHashMap<>();
            case "StartExecution": {
                ExecutionInfo e = engine.startExecution(required(req, "stateMachineArn"), optional(req, "name"),
                        optional(req, "input"));
                return Json.obj("executionArn", e.executionArn(), "startDate", epoch(e.startDate()));
            }
            case "StartSyncExecution": {
                ExecutionInfo e = engine.startSyncExecution(required(req, "stateMachineArn"), optional(req, "name"),
                        optional(req, "input"), Duration.ofMinutes(5));
                Map<String, Object> m = describeExecution(e);
                m.remove("redriveCount");
                m.remove("redriveStatus");
                m.put("billingDetails", Json.obj("billedMemoryUsedInMB", 64, "billedDurationInMilliseconds", 100));
                return m;
            }
            case "DescribeExecution":
                return describeExecution(engine.describeExecution(standardExecutionArn(req)));
            case "ListExecutions": {
                String mapRunArn = optional(req, "mapRunArn");
                String smArn = mapRunArn == null ? required(req, "stateMachineArn") : optional(req, "stateMachineArn");
                if (mapRunArn != null && smArn != null) {
                    // ListExecutions API reference: "either a mapRunArn or a stateMachineArn, but not both"
                    throw new ValidationError("Specify either a mapRunArn or a stateMachineArn, but not both");
                }
                String filter = optional(req, "statusFilter");
                ExecutionStatus status = null;
                if (filter != null) {
                    try {
                        status = ExecutionStatus.valueOf(filter);
                    } catch (IllegalArgumentException e) {
                        throw new ValidationError("1 validation error detected: Value '" + filter
                                + "' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set:"
                                + " [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]");
                    }
                }
                String redrive = optional(req, "redriveFilter");
                if (redrive != null && !redrive.equals("REDRIVEN") && !redrive.equals("NOT_REDRIVEN")) {
                    throw new ValidationError("1 validation error detected: Value '" + redrive
                            + "' at 'redriveFilter' failed to satisfy constraint: Member must satisfy enum value set:"
                            + " [REDRIVEN, NOT_REDRIVEN]");
                }
                List<ExecutionInfo> all = mapRunArn != null ? engine.listMapRunExecutions(mapRunArn, status)
                        : engine.listExecutions(smArn, status);
                if (redrive != null) {
                    boolean redriven = redrive.equals("REDRIVEN");
                    all = all.stream().filter(e -> (e.redriveCount() > 0) == redriven).toList();
                }
                String scope = (mapRunArn != null ? mapRunArn : smArn) + "|" + filter + "|" + redrive;
                return page(all, req, "executions", scope, e -> {
                    Map<String, Object> m = Json.obj("executionArn", e.executionArn(), "stateMachineArn",
                            e.stateMachineArn(), "name", e.name(), "status", e.status().name(),
                            "startDate", epoch(e.startDate()));
                    e.stopDate().ifPresent(d -> m.put("stopDate", epoch(d)));
                    e.stateMachineVersionArn().ifPresent(v -> m.put("stateMachineVersionArn", v));
                    e.stateMachineAliasArn().ifPresent(v -> m.put("stateMachineAliasArn", v));
                    if (e.redriveStatus().isPresent()) {
                        m.put("redriveCount", e.redriveCount());
                    }
                    e.redriveDate().ifPresent(d -> m.put("redriveDate", epoch(d)));
                    // only a listing by mapRunArn names the Map Run and the child's item count
                    e.mapRun().ifPresent(r -> {
                        m.put("mapRunArn", r.mapRunArn());
                        m.put("itemCount", r.itemCount());
                    });
                    return m;
                });
            }
            case "RedriveExecution": {
                Instant date = engine.redriveExecution(required(req, "executionArn"), optional(req, "clientToken"));
                return Json.obj("redriveDate", epoch(date));
            }
            case "StopExecution": {
                Instant stop = engine.stopExecution(standardExecutionArn(req), optional(req, "error"),
                        optional(req, "cause"));
                return Json.obj("stopDate", epoch(stop));
            }
            case "GetExecutionHistory": {
                String arn = standardExecutionArn(req);
                boolean reverse = Boolean.TRUE.equals(req.get("reverseOrder"));
                boolean data = !Boolean.FALSE.equals(req.get("includeExecutionData"));
                HistoryPage<HistoryEvent> p = engine.getExecutionHistory(arn, intField(req, "maxResults", 100),
                        optional(req, "nextToken"), reverse);
                List<Object> events = new ArrayList<>();
                for (HistoryEvent e : p.items()) {
                    events.add(e.toApiJson(data));
                }
                Map<String, Object> m = Json.obj("events", events);
                p.nextToken().ifPresent(t -> m.put("nextToken", t));
                return m;
            }
            case "SendTaskSuccess":
                engine.sendTaskSuccess(required(req, "taskToken"), required(req, "output"));
                return new LinkedHashMap<>();
            case "SendTaskFailure":
                engine.sendTaskFailure(required(req, "taskToken"), optional(req, "error"), optional(req, "cause"));
                return new LinkedHashMap<>();
            case "SendTaskHeartbeat":
                engine.sendTaskHeartbeat(required(req, "taskToken"));
                return new LinkedHashMap<>();
            case "ValidateStateMachineDefinition": {
                ValidationResult v = engine.validateDefinition(required(req, "definition"));
                // maxResults (0 to 100, checked by RequestShapes): 0 means the default, 100 (API reference)
                int max = intField(req, "maxResults", 100);
                List<Object> diags = new ArrayList<>();
                for (Diagnostic d : v.diagnostics().subList(0, Math.min(max, v.diagnostics().size()))) {
                    diags.add(Json.obj("severity", "ERROR", "code", d.code(), "message", d.message(),
                            "location", d.location()));
                }
                return Json.obj("result", v.ok() ? "OK" : "FAIL", "diagnostics", diags, "truncated",
                        v.diagnostics().size() > max);
            }
            case "TestState":
                return new TestStateRunner(engine).run(required(req, "definition"), optional(req, "input"));
            default: {
                Object out = VersionsAndAliasesApi.dispatch(engine, op, req);
                if (out == null) {
                    out = MapRunsApi.dispatch(engine, op, req);
                }
                return out != null ? out : ActivitiesAndTagsApi.dispatch(engine, op, req);
            }
        }
    }

    static <T> Map<String, Object> page(List<T> all, Map<String, Object> req, String member, String scope,
                                         Function<T, Map<String, Object>> f) {
        int size = intField(req, "maxResults", 100);
        int from = 0;
        String token = optional(req, "nextToken");
        if (token != null) {
            try {
                String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int bar = s.indexOf('|');
                if (bar < 0 || !s.substring(bar + 1).equals(scope)) {
                    throw new IllegalArgumentException();
                }
                from = Integer.parseInt(s.substring(0, bar));
            } catch (IllegalArgumentException e) {
                throw new StepFunctionsException("InvalidToken", "Invalid Token: '" + token + "'");
            }
        }
        int to = Math.min(all.size(), from + size);
        List<Object> items = new ArrayList<>();
        for (T t : all.subList(Math.min(from, all.size()), to)) {
            items.add(f.apply(t));
        }
        Map<String, Object> m = Json.obj(member, items);
        if (to < all.size()) {
            m.put("nextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (to + "|" + scope).getBytes(StandardCharsets.UTF_8)));
        }
        return m;
    }

    private static Map<String, Object> describeStateMachine(StateMachineInfo sm) {
        return Json.obj("stateMachineArn", sm.stateMachineArn(), "name", sm.name(), "status", "ACTIVE",
                "definition", sm.definition(), "roleArn", sm.roleArn(), "type", sm.type(),
                "creationDate", epoch(sm.creationDate()),
                "loggingConfiguration", Json.obj("level", "OFF", "includeExecutionData", false),
                "tracingConfiguration", Json.obj("enabled", false), "revisionId", sm.revisionId(),
                "description", sm.description().orElse(null));
    }

    private static Map<String, Object> describeExecution(ExecutionInfo e) {
        Map<String, Object> m = Json.obj("executionArn", e.executionArn(), "stateMachineArn", e.stateMachineArn(),
                "name", e.name(), "status", e.status().name(), "startDate", epoch(e.startDate()),
                "input", e.input(), "inputDetails", Json.obj("included", true));
        e.stopDate().ifPresent(d -> m.put("stopDate", epoch(d)));
        e.output().ifPresent(o -> {
            m.put("output", o);
            m.put("outputDetails", Json.obj("included", true));
        });
        e.error().ifPresent(v -> m.put("error", v));
        e.cause().ifPresent(v -> m.put("cause", v));
        e.stateMachineVersionArn().ifPresent(v -> m.put("stateMachineVersionArn", v));
        e.stateMachineAliasArn().ifPresent(v -> m.put("stateMachineAliasArn", v));
        e.mapRun().ifPresent(r -> m.put("mapRunArn", r.mapRunArn()));
        if (e.redriveStatus().isPresent()) {
            m.put("redriveCount", e.redriveCount());
            e.redriveDate().ifPresent(d -> m.put("redriveDate", epoch(d)));
            m.put("redriveStatus", e.redriveStatus().get());
            e.redriveStatusReason().ifPresent(v -> m.put("redriveStatusReason", v));
        }
        return m;
    }
}

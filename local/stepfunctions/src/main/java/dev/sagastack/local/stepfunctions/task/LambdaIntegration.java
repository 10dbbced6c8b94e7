package dev.sagastack.local.stepfunctions.task;

import dev.sagastack.local.stepfunctions.InvocationContext;
import dev.sagastack.local.stepfunctions.InvocationResult;
import dev.sagastack.local.stepfunctions.LambdaInvoker;
import dev.sagastack.local.stepfunctions.asl.TaskResource;
import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.json.JsonException;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code arn:aws:states:::lambda:invoke} (result = the Invoke response: ExecutedVersion, Payload,
 * SdkHttpMetadata, SdkResponseMetadata, StatusCode) and plain Lambda function ARNs (result = the
 * payload), both routed to a {@link LambdaInvoker}. A function error fails the Task with
 * Error = errorType and Cause = {"errorMessage","errorType","requestId","stackTrace"}.
 */
public final class LambdaIntegration {
    private static final Pattern FULL_ARN = Pattern.compile(
            "^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$");
    private static final Pattern PARTIAL_ARN = Pattern.compile(
            "^(\\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$");
    private static final Pattern NAME = Pattern.compile("^([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final LambdaInvoker invoker;
    private final String region;
    private final String account;

    public LambdaIntegration(LambdaInvoker invoker, String region, String account) {
        this.invoker = invoker;
        this.region = region;
        this.account = account;
    }

    /** A function reference resolved from a name, a partial ARN or a full ARN. */
    public record Target(String name, String arn, Optional<String> qualifier) {
    }

    public Target resolve(String ref) {
        Matcher m = FULL_ARN.matcher(ref);
        if (m.matches()) {
            return new Target(m.group(4), ref, Optional.ofNullable(m.group(5)));
        }
        m = PARTIAL_ARN.matcher(ref);
        if (m.matches()) {
            return new Target(m.group(2), "arn:aws:lambda:" + region + ":" + ref, Optional.ofNullable(m.group(3)));
        }
        m = NAME.matcher(ref);
        if (m.matches()) {
            return new Target(m.group(1), "arn:aws:lambda:" + region + ":" + account + ":function:" + ref,
                    Optional.ofNullable(m.group(2)));
        }
        return null;
    }

    public TaskOutcome execute(TaskRequest req) {
        boolean plain = req.resource().kind() == TaskResource.Kind.LAMBDA_FUNCTION;
        Target target;
        String payloadJson;
        if (plain) {
            target = resolve(req.resourceArn());
            payloadJson = Json.write(req.parameters());
        } else {
            Object p = req.parameters();
            Object fn = p instanceof Map ? Json.asObject(p).get("FunctionName") : null;
            if (!(fn instanceof String)) {
                return TaskOutcome.failure("States.Runtime",
                        "The Lambda invoke parameters must contain the field 'FunctionName' as a string");
            }
            target = resolve((String) fn);
            if (target == null) {
                return TaskOutcome.failure("Lambda.InvalidParameterValueException",
                        "1 validation error detected: Value '" + fn + "' at 'functionName' failed to satisfy constraint");
            }
            Object payload = Json.asObject(p).get("Payload");
            payloadJson = payload == null ? "{}" : Json.write(payload);
        }
        InvocationContext ctx = new InvocationContext(target.name(), target.arn(), target.qualifier(),
                req.executionArn(), req.stateName(), Optional.ofNullable(req.taskToken()), req.attempt());
        InvocationResult r;
        try {
            r = invoker.invoke(target.name(), payloadJson, ctx);
        } catch (Exception e) {
            r = thrown(e);
        }
        if (r == null) {
            r = InvocationResult.success("null");
        }
        String requestId = UUID.randomUUID().toString();
        TaskOutcome outcome;
        if (r.isSuccess()) {
            String text = r.payload().orElse("null");
            Object payload;
            try {
                payload = Json.parse(text);
            } catch (JsonException e) {
                payload = text;
            }
            Optional<String> qualifier = target.qualifier();
            String version = r.executedVersion().orElseGet(() -> qualifier
                    .filter(q -> q.chars().allMatch(Character::isDigit)).orElse("$LATEST"));
            outcome = TaskOutcome.success(plain ? payload : invokeResponse(payload, text, requestId, version));
        } else if (r.isServiceError()) {
            outcome = TaskOutcome.failure(r.errorType().orElseThrow(), r.errorMessage());
        } else {
            Map<String, Object> cause = new LinkedHashMap<>();
            cause.put("errorMessage", r.errorMessage());
            cause.put("errorType", r.errorType().orElseThrow());
            cause.put("requestId", requestId);
            cause.put("stackTrace", new ArrayList<Object>(r.stackTrace()));
            outcome = TaskOutcome.failure(r.errorType().orElseThrow(), Json.write(cause));
        }
        return outcome.after(r.delay());
    }

    /** How Lambda's Java runtime reports an uncaught exception: the class name as errorType. */
    static InvocationResult thrown(Exception e) {
        Throwable t = e;
        List<String> trace = new ArrayList<>();
        for (StackTraceElement el : t.getStackTrace()) {
            trace.add(el.toString());
        }
        return InvocationResult.functionError(t.getClass().getName(), t.getMessage(), trace);
    }

    /**
     * Invoke's response as the integration returns it; {@code version} is the one that ran: what the invoker said,
     * else the version a numeric qualifier names, else {@code $LATEST} (an alias the engine cannot resolve itself).
     */
    private Map<String, Object> invokeResponse(Object payload, String text, String requestId, String version) {
        String length = Integer.toString(Json.utf8Size(text));
        String date = HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
        String traceId = "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + requestId.replace("-", "").substring(0, 24) + ";Sampled=0";
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("X-Amz-Executed-Version", List.of(version));
        all.put("x-amzn-Remapped-Content-Length", List.of("0"));
        all.put("Connection", List.of("keep-alive"));
        all.put("x-amzn-RequestId", List.of(requestId));
        all.put("Content-Length", List.of(length));
        all.put("Date", List.of(date));
        all.put("X-Amzn-Trace-Id", List.of(traceId));
        all.put("Content-Type", List.of("application/json"));
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Connection", "keep-alive");
        headers.put("Content-Length", length);
        headers.put("Content-Type", "application/json");
        headers.put("Date", date);
        headers.put("X-Amz-Executed-Version", version);
        headers.put("x-amzn-Remapped-Content-Length", "0");
        headers.put("x-amzn-RequestId", requestId);
        headers.put("X-Amzn-Trace-Id", traceId);
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("AllHttpHeaders", all);
        http.put("HttpHeaders", headers);
        http.put("HttpStatusCode", 200);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ExecutedVersion", version);
        out.put("Payload", payload);
        out.put("SdkHttpMetadata", http);
        out.put("SdkResponseMetadata", Json.obj("RequestId", requestId));
        out.put("StatusCode", 200);
        return out;
    }
}

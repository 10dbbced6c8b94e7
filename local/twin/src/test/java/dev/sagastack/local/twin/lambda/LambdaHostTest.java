package dev.sagastack.local.twin.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.functions.InvocationContext;
import dev.sagastack.config.AppContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LambdaHostTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Greeting(String name, int times) {
    }

    record Reply(String text, String function) {
    }

    /** Counts its own constructions and invocations, so tests can see environment reuse. */
    public static final class CountingHandler implements RequestHandler<Greeting, Reply> {
        static final AtomicInteger CONSTRUCTED = new AtomicInteger();
        private int invocations;

        public CountingHandler() {
            CONSTRUCTED.incrementAndGet();
        }

        @Override
        public Reply handleRequest(Greeting input, Context context) {
            invocations++;
            return new Reply("hello " + input.name() + " x" + input.times() + " #" + invocations, context.getFunctionName());
        }
    }

    public static final class FailingHandler implements RequestHandler<Map<String, Object>, String> {
        @Override
        public String handleRequest(Map<String, Object> input, Context context) {
            throw new IllegalStateException("stock is short", new ArithmeticException("inner"));
        }
    }

    /** Built the way the application's handlers are: from an {@link AppContext} of the function's environment. */
    public static final class EnvironmentHandler implements RequestHandler<Map<String, Object>, Map<String, String>> {
        private final AppContext app;

        public EnvironmentHandler() {
            throw new AssertionError("the twin builds handlers from the function's environment, not the process's");
        }

        public EnvironmentHandler(AppContext app) {
            this.app = app;
        }

        @Override
        public Map<String, String> handleRequest(Map<String, Object> input, Context context) {
            return Map.of("table", app.config().requireSingleTable(),
                    "arn", context.getInvokedFunctionArn(),
                    "memory", String.valueOf(context.getMemoryLimitInMB()),
                    "remainingWithinTimeout", String.valueOf(context.getRemainingTimeInMillis() <= 3_000
                            && context.getRemainingTimeInMillis() > 0),
                    "logGroup", context.getLogGroupName());
        }
    }

    public static final class StreamEcho implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
            output.write(("{\"echo\":" + new String(input.readAllBytes(), StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Reports what Lambda's event serializer made of a DynamoDB stream event. */
    public static final class StreamEventHandler implements RequestHandler<DynamodbEvent, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(DynamodbEvent event, Context context) {
            DynamodbEvent.DynamodbStreamRecord record = event.getRecords().get(0);
            return Map.of("eventName", record.getEventName(),
                    "sequence", record.getDynamodb().getSequenceNumber(),
                    "newId", record.getDynamodb().getNewImage().get("Id").getN(),
                    "message", record.getDynamodb().getNewImage().get("Message").getS(),
                    "sourceArn", record.getEventSourceARN());
        }
    }

    private final AtomicInteger effects = new AtomicInteger();
    private LambdaHost host;

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private LambdaHost host(FunctionDefinition... definitions) {
        host = new LambdaHost(List.of(definitions), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return host;
    }

    private static FunctionDefinition function(String name, HandlerFactory factory, Duration timeout) {
        return new FunctionDefinition(name, factory, timeout, 512, Map.of("SINGLE_TABLE_NAME", "twin-single"));
    }

    private RequestHandler<Map<String, Object>, Map<String, Object>> effectHandler() {
        return new RequestHandler<>() {
            @Override
            public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
                return Map.of("effects", effects.incrementAndGet());
            }
        };
    }

    private static JsonNode json(InvokeResult result) throws Exception {
        return JSON.readTree(result.payload());
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void deserializesTheEventIntoTheHandlersInputTypeAndSerializesItsResult() throws Exception {
        host(function("Greeter", HandlerFactory.reflective(CountingHandler.class.getName()), Duration.ofSeconds(3)));

        InvokeResult result = host.invoke("Greeter", bytes("{\"name\":\"ada\",\"times\":2}"));

        assertThat(result.failed()).isFalse();
        assertThat(json(result).get("text").asText()).isEqualTo("hello ada x2 #1");
        assertThat(json(result).get("function").asText()).isEqualTo("Greeter");
    }

    @Test
    void reusesOneWarmHandlerInstanceForSequentialInvocations() throws Exception {
        host(function("Greeter", HandlerFactory.reflective(CountingHandler.class.getName()), Duration.ofSeconds(3)));
        int before = CountingHandler.CONSTRUCTED.get();

        // the alias by its ARN and by name:alias runs the same version, so the same environment
        host.invoke("Greeter:live", bytes("{\"name\":\"a\",\"times\":1}"));
        host.invoke("arn:aws:lambda:us-east-1:000000000000:function:Greeter:live", bytes("{\"name\":\"a\",\"times\":1}"));
        InvokeResult third = host.invoke("Greeter:live", bytes("{\"name\":\"a\",\"times\":1}"));

        assertThat(CountingHandler.CONSTRUCTED.get() - before).isEqualTo(1);
        assertThat(json(third).get("text").asText()).endsWith("#3");
    }

    /** Says whether Lambda's context marks this invocation as its environment's first. */
    public static final class ColdStartHandler implements RequestHandler<Map<String, Object>, Boolean> {
        @Override
        public Boolean handleRequest(Map<String, Object> input, Context context) {
            return ((InvocationContext) context).coldStart();
        }
    }

    @Test
    void onlyAnEnvironmentsFirstInvocationIsAColdStart() throws Exception {
        host(function("Cold", HandlerFactory.reflective(ColdStartHandler.class.getName()), Duration.ofSeconds(3)));

        assertThat(new String(host.invoke("Cold", bytes("{}")).payload(), StandardCharsets.UTF_8)).isEqualTo("true");
        assertThat(new String(host.invoke("Cold", bytes("{}")).payload(), StandardCharsets.UTF_8)).isEqualTo("false");
        assertThat(new String(host.invoke("Cold", bytes("{}")).payload(), StandardCharsets.UTF_8)).isEqualTo("false");
    }

    @Test
    void concurrentInvocationsRunInSeparateEnvironmentsNeverSharingAnInstance() throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        AtomicInteger constructed = new AtomicInteger();
        host(function("Blocking", environment -> {
            constructed.incrementAndGet();
            return new RequestHandler<Map<String, Object>, String>() {
                private final AtomicInteger inside = new AtomicInteger();

                @Override
                public String handleRequest(Map<String, Object> input, Context context) {
                    if (inside.incrementAndGet() > 1) {
                        throw new IllegalStateException("instance used by two invocations at once");
                    }
                    bothInside.countDown();
                    try {
                        bothInside.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inside.decrementAndGet();
                    return "ok";
                }
            };
        }, Duration.ofSeconds(10)));
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<InvokeResult> a = callers.submit(() -> host.invoke("Blocking", bytes("{}")));
            Future<InvokeResult> b = callers.submit(() -> host.invoke("Blocking", bytes("{}")));
            assertThat(a.get().payloadAsString()).isEqualTo("\"ok\"");
            assertThat(b.get().payloadAsString()).isEqualTo("\"ok\"");
        } finally {
            callers.shutdownNow();
        }
        assertThat(constructed.get()).isEqualTo(2);
    }

    @Test
    void aHandlerExceptionIsReportedAsLambdasUnhandledErrorDocument() throws Exception {
        // Shape per the Lambda Developer Guide, "AWS Lambda function errors in Java".
        host(function("Failing", HandlerFactory.reflective(FailingHandler.class.getName()), Duration.ofSeconds(3)));

        InvokeResult result = host.invoke("Failing", bytes("{}"));

        assertThat(result.functionError()).contains("Unhandled");
        JsonNode error = json(result);
        assertThat(error.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("errorMessage").asText()).isEqualTo("stock is short");
        assertThat(error.get("stackTrace").isArray()).isTrue();
        assertThat(error.get("stackTrace").get(0).asText()).contains("FailingHandler.handleRequest(LambdaHostTest.java:");
        assertThat(error.get("cause").get("errorType").asText()).isEqualTo("java.lang.ArithmeticException");
    }

    @Test
    void givesTheHandlerItsEnvironmentAndALambdaContext() throws Exception {
        host(function("Env", HandlerFactory.reflective(EnvironmentHandler.class.getName()), Duration.ofSeconds(3)));

        JsonNode reply = json(host.invoke("arn:aws:lambda:us-east-1:000000000000:function:Env:live", bytes("{}")));

        assertThat(reply.get("table").asText()).isEqualTo("twin-single");
        assertThat(reply.get("arn").asText()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:Env:live");
        assertThat(reply.get("memory").asText()).isEqualTo("512");
        assertThat(reply.get("remainingWithinTimeout").asText()).isEqualTo("true");
        assertThat(reply.get("logGroup").asText()).isEqualTo("/aws/lambda/Env");
    }

    /**
     * An alias runs the version it points to (here always the published version 1): the context's function version,
     * the environment's {@code AWS_LAMBDA_FUNCTION_VERSION}, its log stream's {@code [VERSION]} (also in
     * {@code AWS_LAMBDA_LOG_STREAM_NAME}) and Invoke's executed version say so, and $LATEST runs in environments of
     * its own (Lambda Developer Guide, "Defined runtime environment variables", "Using Lambda aliases"; Lambda API
     * Reference, Invoke: X-Amz-Executed-Version).
     */
    @Test
    void anAliasRunsItsPublishedVersionInEnvironmentsApartFromLatest() throws Exception {
        AtomicInteger constructed = new AtomicInteger();
        host(function("Versioned", environment -> {
            constructed.incrementAndGet();
            return new RequestHandler<Map<String, Object>, Map<String, String>>() {
                @Override
                public Map<String, String> handleRequest(Map<String, Object> input, Context context) {
                    return Map.of("version", context.getFunctionVersion(), "stream", context.getLogStreamName(),
                            "variable", environment.get("AWS_LAMBDA_FUNCTION_VERSION"),
                            "streamVariable", environment.get("AWS_LAMBDA_LOG_STREAM_NAME"));
                }
            };
        }, Duration.ofSeconds(3)));

        for (String alias : List.of("arn:aws:lambda:us-east-1:000000000000:function:Versioned:live", "Versioned:live",
                "Versioned:1")) {
            assertRunsVersion(host.invoke(alias, bytes("{}")), alias, "1");
        }
        assertThat(constructed.get()).as("one environment serves the alias").isEqualTo(1);
        for (String latest : List.of("Versioned", "Versioned:$LATEST",
                "arn:aws:lambda:us-east-1:000000000000:function:Versioned")) {
            assertRunsVersion(host.invoke(latest, bytes("{}")), latest, "$LATEST");
        }
        assertThat(constructed.get()).as("$LATEST has an environment of its own").isEqualTo(2);
    }

    /** The invocation through {@code invokedAs} ran {@code version}, and everything that names the version says so. */
    private static void assertRunsVersion(InvokeResult result, String invokedAs, String version) throws Exception {
        assertThat(result.executedVersion()).as(invokedAs).isEqualTo(version);
        assertThat(json(result).get("version").asText()).as(invokedAs).isEqualTo(version);
        assertThat(json(result).get("variable").asText()).as(invokedAs).isEqualTo(version);
        assertThat(json(result).get("stream").asText()).as(invokedAs)
                .matches("\\d{4}/\\d{2}/\\d{2}/\\[" + Pattern.quote(version) + "\\][0-9a-f]{32}")
                .isEqualTo(json(result).get("streamVariable").asText());
    }

    @Test
    void streamHandlersGetTheRawPayload() {
        host(function("Echo", HandlerFactory.reflective(StreamEcho.class.getName()), Duration.ofSeconds(3)));

        assertThat(host.invoke("Echo", bytes("[1,2]")).payloadAsString()).isEqualTo("{\"echo\":[1,2]}");
    }

    @Test
    void deserializesDynamoDbStreamEventsWithLambdasEventSerializer() throws Exception {
        // Event from the Lambda Developer Guide, "Using AWS Lambda with Amazon DynamoDB" (example event).
        String event = """
                {"Records":[{"eventID":"1","eventVersion":"1.0","dynamodb":{"Keys":{"Id":{"N":"101"}},
                "NewImage":{"Message":{"S":"New item!"},"Id":{"N":"101"}},"StreamViewType":"NEW_AND_OLD_IMAGES",
                "SequenceNumber":"111","SizeBytes":26},"awsRegion":"us-west-2","eventName":"INSERT",
                "eventSourceARN":"arn:aws:dynamodb:us-west-2:123456789012:table/Example/stream/2015-06-27T00:48:05.899",
                "eventSource":"aws:dynamodb"}]}""";
        host(function("Projection", HandlerFactory.reflective(StreamEventHandler.class.getName()), Duration.ofSeconds(3)));

        JsonNode reply = json(host.invoke("Projection", bytes(event)));

        assertThat(reply.get("eventName").asText()).isEqualTo("INSERT");
        assertThat(reply.get("sequence").asText()).isEqualTo("111");
        assertThat(reply.get("newId").asText()).isEqualTo("101");
        assertThat(reply.get("message").asText()).isEqualTo("New item!");
        assertThat(reply.get("sourceArn").asText()).startsWith("arn:aws:dynamodb:us-west-2:123456789012:table/Example/stream/");
    }

    @Test
    void aHandlerRunningPastItsTimeoutFailsWithSandboxTimedoutAndItsEnvironmentIsReplaced() throws Exception {
        AtomicInteger constructed = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        host(function("Slow", environment -> {
            constructed.incrementAndGet();
            return new RequestHandler<Map<String, Object>, String>() {
                @Override
                public String handleRequest(Map<String, Object> input, Context context) {
                    if (calls.incrementAndGet() == 1) {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return "done";
                }
            };
        }, Duration.ofMillis(300)));

        InvokeResult timedOut = host.invoke("Slow", bytes("{}"));
        InvokeResult next = host.invoke("Slow", bytes("{}"));

        assertThat(timedOut.functionError()).contains("Unhandled");
        assertThat(json(timedOut).get("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(json(timedOut).get("errorMessage").asText())
                .isEqualTo("RequestId: " + timedOut.requestId() + " Error: Task timed out after 0.30 seconds");
        assertThat(next.payloadAsString()).isEqualTo("\"done\"");
        assertThat(constructed.get()).isEqualTo(2);
    }

    @Test
    void anErrorFaultFailsTheNextNInvocationsWithoutRunningTheHandler() throws Exception {
        host(function("Effect", environment -> effectHandler(), Duration.ofSeconds(3)));
        host.faults().arm(new Fault("Effect", FaultMode.ERROR, 2, "dev.sagastack.saga.TransientError"));

        List<InvokeResult> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            results.add(host.invoke("Effect", bytes("{}")));
        }

        assertThat(results.get(0).failed()).isTrue();
        assertThat(json(results.get(0)).get("errorType").asText()).isEqualTo("dev.sagastack.saga.TransientError");
        assertThat(results.get(1).failed()).isTrue();
        assertThat(results.get(2).failed()).isFalse();
        assertThat(effects.get()).isEqualTo(1);
        assertThat(host.faults().list()).isEmpty();
    }

    @Test
    void aCrashAfterEffectFaultAppliesTheEffectButReportsARuntimeExit() throws Exception {
        host(function("Effect", environment -> effectHandler(), Duration.ofSeconds(3)));
        host.faults().arm(new Fault("Effect", FaultMode.CRASH_AFTER_EFFECT, 1, Fault.DEFAULT_ERROR_TYPE));

        InvokeResult crashed = host.invoke("Effect", bytes("{}"));

        assertThat(crashed.failed()).isTrue();
        assertThat(json(crashed).get("errorType").asText()).isEqualTo("Runtime.ExitError");
        assertThat(effects.get()).isEqualTo(1);
        assertThat(host.stats().get(0).idleEnvironments()).isZero();
    }

    @Test
    void aTimeoutFaultAppliesTheEffectThenTimesOut() throws Exception {
        host(function("Effect", environment -> effectHandler(), Duration.ofMillis(200)));
        host.faults().arm(new Fault("Effect", FaultMode.TIMEOUT, 1, Fault.DEFAULT_ERROR_TYPE));

        InvokeResult result = host.invoke("Effect", bytes("{}"));

        assertThat(json(result).get("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(effects.get()).isEqualTo(1);
        assertThat(host.invoke("Effect", bytes("{}")).failed()).isFalse();
    }

    @Test
    void anUnknownFunctionIsAResourceNotFoundServiceError() {
        host(function("Greeter", HandlerFactory.reflective(CountingHandler.class.getName()), Duration.ofSeconds(3)));

        assertThatThrownBy(() -> host.invoke("Nope", bytes("{}")))
                .isInstanceOf(LambdaServiceException.class)
                .hasMessageContaining("Nope")
                .satisfies(e -> assertThat(((LambdaServiceException) e).errorCode()).isEqualTo("ResourceNotFoundException"));
    }
}

package dev.sagastack.local.twin.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reserved concurrency as Lambda enforces it: with N reserved, the (N+1)th concurrent invocation is refused with
 * TooManyRequestsException (429, "Rate Exceeded."), and a finished invocation frees its slot
 * (Lambda Developer Guide, "Configuring reserved concurrency"; Lambda API Reference, Invoke errors).
 */
class ReservedConcurrencyTest {

    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final CountDownLatch STARTED = new CountDownLatch(1);

    public static final class BlockingHandler implements RequestHandler<Map<String, Object>, String> {
        @Override
        public String handleRequest(Map<String, Object> input, Context context) {
            STARTED.countDown();
            try {
                RELEASE.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "done";
        }
    }

    @Test
    void theInvocationBeyondTheReservedConcurrencyIsThrottledAndTheSlotIsFreedAfterwards() throws Exception {
        FunctionDefinition one = new FunctionDefinition("Step", HandlerFactory.reflective(BlockingHandler.class.getName()),
                Duration.ofSeconds(15), 128, Map.of(), OptionalInt.of(1));
        byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
        ExecutorService callers = Executors.newSingleThreadExecutor();
        try (LambdaHost host = new LambdaHost(List.of(one), new PrintStream(OutputStream.nullOutputStream()))) {
            Future<InvokeResult> first = callers.submit(() -> host.invoke("Step", payload));
            assertThat(STARTED.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> host.invoke("Step", payload))
                    .isInstanceOfSatisfying(LambdaServiceException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("TooManyRequestsException");
                        assertThat(e.statusCode()).isEqualTo(429);
                        assertThat(e.getMessage()).isEqualTo("Rate Exceeded.");
                    });
            RELEASE.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).payloadAsString()).isEqualTo("\"done\"");
            assertThat(host.invoke("Step", payload).failed()).isFalse();
            assertThat(host.stats()).singleElement().satisfies(s -> assertThat(s.throttles()).isEqualTo(1));
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void zeroReservedConcurrencyThrottlesEveryInvocation() {
        FunctionDefinition off = new FunctionDefinition("Off", HandlerFactory.reflective(BlockingHandler.class.getName()),
                Duration.ofSeconds(1), 128, Map.of(), OptionalInt.of(0));
        try (LambdaHost host = new LambdaHost(List.of(off), new PrintStream(OutputStream.nullOutputStream()))) {
            assertThatThrownBy(() -> host.invoke("Off", new byte[0])).isInstanceOf(LambdaServiceException.class)
                    .hasMessage("Rate Exceeded.");
        }
    }
}

import dev.sagastack.local.stepfunctions.ExecutionInfo;
import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.local.stepfunctions.InvocationResult;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-process throughput of the local Step Functions engine: state transitions/s for a 100-state
 * Pass chain and executions/s for a 3-task saga with no-op Lambda tasks, each with 1 and 8
 * executions in flight. Run through bench/stepfunctions/run.sh.
 */
public final class StepFunctionsBench {
    private static final double SECONDS = Double.parseDouble(System.getProperty("bench.seconds", "10"));

    public static void main(String[] args) throws Exception {
        StepFunctionsEngine engine = StepFunctionsEngine.builder()
                .lambdaInvoker((name, payload, ctx) -> InvocationResult.success("{\"ok\":true}"))
                .maxRetainedExecutions(2_000)
                .build();
        String chain = engine.createStateMachine("pass-chain", passChain(100)).stateMachineArn();
        String saga = engine.createStateMachine("saga", SAGA).stateMachineArn();
        System.out.printf(Locale.ROOT, "cores=%d java=%s seconds/measurement=%.0f%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), SECONDS);
        for (int concurrency : new int[]{1, 8}) {
            measure(engine, chain, "{\"orderId\":\"o-1\",\"amount\":42}", concurrency, SECONDS / 3); // warm-up
            double execs = measure(engine, chain, "{\"orderId\":\"o-1\",\"amount\":42}", concurrency, SECONDS);
            System.out.printf(Locale.ROOT, "pass-chain-100  concurrency=%d  %,.0f state transitions/s  (%,.0f executions/s)%n",
                    concurrency, execs * 100, execs);
        }
        for (int concurrency : new int[]{1, 8}) {
            measure(engine, saga, "{\"orderId\":\"o-1\",\"amount\":42}", concurrency, SECONDS / 3);
            double execs = measure(engine, saga, "{\"orderId\":\"o-1\",\"amount\":42}", concurrency, SECONDS);
            System.out.printf(Locale.ROOT, "saga-3-tasks    concurrency=%d  %,.0f executions/s%n", concurrency, execs);
        }
        engine.close();
    }

    private static double measure(StepFunctionsEngine engine, String arn, String input, int concurrency, double seconds)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        ExecutorService drivers = Executors.newFixedThreadPool(concurrency);
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            loops.add(CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    ExecutionInfo e = engine.startExecution(arn, input);
                    ExecutionInfo r = engine.awaitExecution(e.executionArn(), Duration.ofMinutes(1));
                    if (r.status() != ExecutionStatus.SUCCEEDED) {
                        throw new IllegalStateException("execution did not succeed: " + r);
                    }
                    done.incrementAndGet();
                }
            }, drivers));
        }
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (CompletableFuture<Void> f : loops) {
            f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        drivers.shutdown();
        return done.get() / elapsed;
    }

    private static String passChain(int n) {
        StringBuilder sb = new StringBuilder("{\"StartAt\":\"S0\",\"States\":{");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("\"S").append(i).append("\":{\"Type\":\"Pass\",")
                    .append(i == n - 1 ? "\"End\":true}" : "\"Next\":\"S" + (i + 1) + "\"}");
        }
        return sb.append("}}").toString();
    }

    /** The shape of the order saga: JSONata lambda:invoke tasks with Retry and Catch, and variables. */
    private static final String SAGA = """
            {"QueryLanguage":"JSONata","StartAt":"ReserveInventory","States":{
              "ReserveInventory":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                "Arguments":{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:reserve",
                             "Payload":{"orderId":"{% $states.input.orderId %}"}},
                "Retry":[{"ErrorEquals":["Lambda.ServiceException"],"IntervalSeconds":1,"MaxAttempts":3,
                          "BackoffRate":2,"JitterStrategy":"FULL"}],
                "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Failed"}],
                "Assign":{"orderId":"{% $states.input.orderId %}","amount":"{% $states.input.amount %}"},
                "Output":"{% $states.result.Payload %}","Next":"ProcessPayment"},
              "ProcessPayment":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                "Arguments":{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:pay",
                             "Payload":{"orderId":"{% $orderId %}","amount":"{% $amount %}"}},
                "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Failed"}],
                "Output":"{% $states.result.Payload %}","Next":"CreateShipment"},
              "CreateShipment":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                "Arguments":{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:ship",
                             "Payload":{"orderId":"{% $orderId %}"}},
                "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Failed"}],
                "Output":{"orderId":"{% $orderId %}","shipped":"{% $states.result.Payload.ok %}"},"End":true},
              "Failed":{"Type":"Fail","Error":"OrderFailed","Cause":"a step failed"}}}""";
}

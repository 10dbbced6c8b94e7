import dev.sagastack.local.stepfunctions.ExecutionInfo;
import dev.sagastack.local.stepfunctions.ExecutionStatus;
import dev.sagastack.local.stepfunctions.InvocationResult;
import dev.sagastack.local.stepfunctions.StateMachineAlias;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Redrive and alias routing in the local Step Functions engine, in-process, real clock:
 * (1) a 10-state execution (ten lambda:invoke tasks) fails at its 7th state during an "outage";
 * the outage ends and RedriveExecution runs it to the end: time from the redrive call to SUCCEEDED,
 * against the time the full execution takes; (2) 1,000 executions started through an alias that
 * routes 90/10 between two versions: the split and the throughput. Run through redrive-alias.sh.
 */
public final class RedriveAliasBench {
    private static final int REDRIVES = Integer.getInteger("bench.redrives", 200);

    public static void main(String[] args) {
        AtomicBoolean outage = new AtomicBoolean();
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder()
                .lambdaInvoker((name, payload, ctx) -> name.equals("step7") && outage.get()
                        ? InvocationResult.functionError("DependencyDown", "outage")
                        : InvocationResult.success("{\"ok\":true}"))
                .randomSeed(42).build()) {
            System.out.printf(Locale.ROOT, "cores=%d java=%s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            redrive(engine, outage);
            alias(engine);
        }
    }

    private static void redrive(StepFunctionsEngine engine, AtomicBoolean outage) {
        String sm = engine.createStateMachine("ten-steps", tenSteps()).stateMachineArn();
        double[] full = new double[REDRIVES];
        double[] redrive = new double[REDRIVES];
        for (int round = -20; round < REDRIVES; round++) { // 20 warm-up rounds
            outage.set(false);
            long t0 = System.nanoTime();
            ExecutionInfo ok = engine.awaitExecution(engine.startExecution(sm, "{}").executionArn(), Duration.ofMinutes(1));
            long t1 = System.nanoTime();
            check(ok, ExecutionStatus.SUCCEEDED);
            outage.set(true);
            ExecutionInfo failed = engine.awaitExecution(engine.startExecution(sm, "{}").executionArn(),
                    Duration.ofMinutes(1));
            check(failed, ExecutionStatus.FAILED);
            outage.set(false);
            long t2 = System.nanoTime();
            engine.redriveExecution(failed.executionArn(), null);
            ExecutionInfo done = engine.awaitExecution(failed.executionArn(), Duration.ofMinutes(1));
            long t3 = System.nanoTime();
            check(done, ExecutionStatus.SUCCEEDED);
            if (round >= 0) {
                full[round] = (t1 - t0) / 1e6;
                redrive[round] = (t3 - t2) / 1e6;
            }
        }
        Arrays.sort(full);
        Arrays.sort(redrive);
        System.out.printf(Locale.ROOT, "redrive-10-states  %d redrives: redrive to SUCCEEDED p50 %.3f ms, p90 %.3f ms"
                        + "  (full 10-state execution p50 %.3f ms, p90 %.3f ms)%n", REDRIVES, pct(redrive, 50),
                pct(redrive, 90), pct(full, 50), pct(full, 90));
    }

    private static void alias(StepFunctionsEngine engine) {
        String sm = engine.createStateMachine("routed", pass("blue")).stateMachineArn();
        String v1 = engine.publishStateMachineVersion(sm, null, "blue").stateMachineVersionArn();
        engine.updateStateMachine(sm, pass("green"), Map.of(), null);
        String v2 = engine.publishStateMachineVersion(sm, null, "green").stateMachineVersionArn();
        String alias = engine.createStateMachineAlias("PROD", null, List.of(new StateMachineAlias.Route(v1, 90),
                new StateMachineAlias.Route(v2, 10))).stateMachineAliasArn();
        List<String> arns = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            arns.add(engine.startExecution(alias, "{}").executionArn());
        }
        Map<String, Integer> split = new TreeMap<>();
        for (String arn : arns) {
            ExecutionInfo e = engine.awaitExecution(arn, Duration.ofMinutes(1));
            check(e, ExecutionStatus.SUCCEEDED);
            String expected = e.stateMachineVersionArn().orElseThrow().equals(v1) ? "\"blue\"" : "\"green\"";
            if (!e.output().orElseThrow().equals(expected)) {
                throw new IllegalStateException("version and output disagree: " + e);
            }
            split.merge(e.stateMachineVersionArn().orElseThrow().substring(sm.length() + 1), 1, Integer::sum);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "alias-90-10  1,000 executions: version 1 = %d, version 2 = %d  (%.0f executions/s)%n",
                split.getOrDefault("1", 0), split.getOrDefault("2", 0), 1_000 / seconds);
    }

    private static void check(ExecutionInfo e, ExecutionStatus expected) {
        if (e.status() != expected) {
            throw new IllegalStateException("expected " + expected + ": " + e);
        }
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static String pass(String result) {
        return "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":\"" + result + "\",\"End\":true}}}";
    }

    private static String tenSteps() {
        StringBuilder sb = new StringBuilder("{\"StartAt\":\"Step1\",\"States\":{");
        for (int i = 1; i <= 10; i++) {
            sb.append(i == 1 ? "" : ",").append("\"Step").append(i).append("\":{\"Type\":\"Task\",")
                    .append("\"Resource\":\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"step")
                    .append(i).append("\",\"Payload.$\":\"$\"},\"ResultPath\":\"$.step").append(i).append("\",")
                    .append(i == 10 ? "\"End\":true}" : "\"Next\":\"Step" + (i + 1) + "\"}");
        }
        return sb.append("}}").toString();
    }
}

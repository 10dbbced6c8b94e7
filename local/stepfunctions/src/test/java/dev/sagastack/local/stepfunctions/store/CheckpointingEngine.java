package dev.sagastack.local.stepfunctions.store;

import dev.sagastack.local.stepfunctions.InvocationResult;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process that {@link KillNineCheckpointTest} kills: an engine with a data directory running executions of a
 * three-step machine from several threads. It prints {@code STARTED name} when StartExecution returned and {@code
 * CALLED name function} when a step's function is invoked - the engine checkpoints an execution before its task
 * calls go out, so each line is a promise about what the store holds.
 *
 * <p>Arguments: data directory, starter threads, first execution number.
 */
public final class CheckpointingEngine {

    static final String DEFINITION = """
            {"StartAt":"One","States":{
              "One":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                "Parameters":{"FunctionName":"one","Payload.$":"$"},"ResultPath":"$.one","Next":"Two"},
              "Two":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                "Parameters":{"FunctionName":"two","Payload.$":"$"},"ResultPath":"$.two","Next":"Three"},
              "Three":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                "Parameters":{"FunctionName":"three","Payload.$":"$"},"ResultPath":"$.three","End":true}}}""";

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int starters = Integer.parseInt(args[1]);
        long first = Long.parseLong(args[2]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        StepFunctionsEngine engine = StepFunctionsEngine.builder().dataDirectory(dir)
                .lambdaInvoker((function, payload, ctx) -> {
                    String name = ctx.executionArn().substring(ctx.executionArn().lastIndexOf(':') + 1);
                    synchronized (out) {
                        out.println("CALLED " + name + " " + function);
                        out.flush();
                    }
                    return InvocationResult.success("{\"padding\":\"" + "p".repeat(500) + "\"}");
                }).build();
        String machine = engine.listStateMachines().stream().filter(m -> m.name().equals("steps")).findFirst()
                .map(m -> m.stateMachineArn())
                .orElseGet(() -> engine.createStateMachine("steps", DEFINITION).stateMachineArn());
        out.println("READY");
        out.flush();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < starters; s++) {
            int starter = s;
            Thread t = new Thread(() -> {
                for (long n = first; ; n++) {
                    String name = "e-" + starter + "-" + n;
                    engine.startExecution(machine, name, "{\"n\":" + n + "}");
                    synchronized (out) {
                        out.println("STARTED " + name);
                        out.flush();
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}

package dev.sagastack.local.twin;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar sagastack-local.jar [--port 8080] [--data-dir DIR] [--demo] [--allow-faults]
 * [--cloud-assembly DIR [--stage NAME]]}: starts the twin, prints its URLs, and runs until Ctrl-C (or SIGTERM), which shuts everything down cleanly.
 */
public final class TwinMain {

    private TwinMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        TwinOptions options;
        try {
            options = TwinOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sagastack-local: " + e.getMessage());
            System.err.print(TwinOptions.USAGE);
            System.exit(2);
            return;
        }
        // The JDK HTTP server (Step Functions API) writes response headers and body separately: without
        // TCP_NODELAY, Nagle's algorithm would hold each body behind a delayed acknowledgement.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        PrintStream out = System.out;
        long started = System.nanoTime();
        Twin twin;
        try {
            twin = Twin.start(options, out);
        } catch (RuntimeException e) {
            System.err.println("sagastack-local: could not start: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("sagastack-local: shutting down");
            twin.close();
            stopped.countDown();
        }, "twin-shutdown"));
        out.printf("sagastack-local ready in %d ms (%d ms of CPU on %d cores)%n", (System.nanoTime() - started) / 1_000_000,
                ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L),
                Runtime.getRuntime().availableProcessors());
        out.println("  HTTP API        " + twin.apiUrl());
        out.println(options.access().enforced() ? "  signing         SigV4 for execute-api in us-east-1, e.g. curl --aws-sigv4 "
                + "\"aws:amz:us-east-1:execute-api\" --user test:test ..." : "  signing         none (--iam off)");
        out.println("  console         " + twin.consoleUrl());
        out.println("  DynamoDB        " + twin.dynamoDbEndpoint());
        out.println("  Step Functions  " + twin.stepFunctionsEndpoint());
        if (!twin.daxEndpoints().isEmpty()) {
            out.println("  DAX             " + String.join(" and ", twin.daxEndpoints().stream().map(Object::toString).toList())
                    + " (cache counters at " + twin.apiUrl() + "/_local/api/dax)");
        }
        twin.databaseProxyEndpoint().ifPresent(endpoint ->
                out.println("  RDS proxy       " + endpoint + " (TLS verify-full, an IAM auth token as password)"));
        twin.postgresPort().ifPresent(port ->
                out.println("  PostgreSQL      jdbc:postgresql://127.0.0.1:" + port + "/inventory (user postgres)"));
        out.println("  access          " + (twin.access().enforced()
                ? "SigV4 and IAM policies enforced; administrator key " + twin.access().administrator().accessKeyId()
                        + ", denials at " + twin.consoleUrl() + "#/access"
                : "NOT ENFORCED (--iam off)"));
        out.println("  stack           " + twin.apiUrl() + "/console/#/stack (stage " + twin.deployment().stageName() + ")");
        options.dataDirectory().ifPresent(d -> out.println("  data directory  " + d.toAbsolutePath()));
        if (options.allowFaults()) {
            out.println("  faults          POST/DELETE " + twin.apiUrl() + "/_local/faults");
        }
        if (options.demo()) {
            try {
                Demo.run(twin.apiUrl(), twin.administratorSigner(), twin.lambdas(), out);
            } catch (RuntimeException e) {
                // The twin stays up: what went wrong is visible in the console and the log above.
                System.err.println("sagastack-local: the demo failed: " + e.getMessage());
            }
        }
        out.println("Press Ctrl-C to stop.");
        stopped.await();
    }
}

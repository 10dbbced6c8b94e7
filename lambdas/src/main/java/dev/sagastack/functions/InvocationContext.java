package dev.sagastack.functions;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The Lambda context of one invocation for the hosts that run the handlers outside Lambda (the local twin, the
 * tests, the cold-start benchmark), with the values Lambda gives a function ("AWS Lambda context object in Java"):
 * the log group {@code /aws/lambda/NAME}, the version that runs ({@code $LATEST}, or the published version an alias
 * or version ARN was invoked through), no Cognito identity or client context, and the
 * time left until the invocation's deadline. It also says whether the invocation is its execution environment's first
 * ({@link #coldStart()}): in Lambda, Powertools learns that from the process ({@code AWS_LAMBDA_INITIALIZATION_TYPE}
 * and its first invocation), which a host running several functions in one JVM cannot give each of them.
 */
public class InvocationContext implements Context {

    /** Writes each line to standard output, as the runtime's logger does. */
    public static final LambdaLogger STANDARD_OUTPUT = new LambdaLogger() {
        @Override
        public void log(String message) {
            System.out.println(message);
        }

        @Override
        public void log(byte[] message) {
            System.out.println(new String(message, StandardCharsets.UTF_8));
        }
    };

    private final String requestId;
    private final String functionName;
    private final String invokedFunctionArn;
    private final String functionVersion;
    private final String logStreamName;
    private final int memoryLimitMb;
    private final long deadlineNanos;
    private final LambdaLogger logger;
    private final boolean coldStart;

    /**
     * @param functionVersion the version that runs: {@code $LATEST} for an unqualified ARN, the version an alias
     *                        points to for an alias ARN
     * @param deadlineNanos   the invocation's deadline on {@link System#nanoTime()}'s scale (start plus the timeout)
     * @param coldStart       the first invocation of its execution environment
     */
    public InvocationContext(String requestId, String functionName, String invokedFunctionArn, String functionVersion,
                             String logStreamName, int memoryLimitMb, long deadlineNanos, LambdaLogger logger,
                             boolean coldStart) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.invokedFunctionArn = Objects.requireNonNull(invokedFunctionArn, "invokedFunctionArn");
        this.functionVersion = Objects.requireNonNull(functionVersion, "functionVersion");
        this.logStreamName = Objects.requireNonNull(logStreamName, "logStreamName");
        this.memoryLimitMb = memoryLimitMb;
        this.deadlineNanos = deadlineNanos;
        this.logger = Objects.requireNonNull(logger, "logger");
        this.coldStart = coldStart;
    }

    /** The first invocation of its execution environment (the {@code cold_start} of its log lines). */
    public boolean coldStart() {
        return coldStart;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return logStreamName;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return functionVersion;
    }

    @Override
    public String getInvokedFunctionArn() {
        return invokedFunctionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        long remaining = (deadlineNanos - System.nanoTime()) / 1_000_000L;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}

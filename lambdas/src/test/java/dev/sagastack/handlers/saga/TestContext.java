package dev.sagastack.handlers.saga;

import dev.sagastack.functions.InvocationContext;

import java.time.Duration;
import java.util.UUID;

/** The Lambda context a handler gets in the tests: a 20 s, 1024 MB function, logging to standard output. */
public final class TestContext extends InvocationContext {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    public TestContext(String functionName) {
        this(functionName, "arn:aws:lambda:us-east-1:123456789012:function:" + functionName);
    }

    /** The context of an invocation through {@code functionArn} (an alias or version, for example). */
    public TestContext(String functionName, String functionArn) {
        super(UUID.randomUUID().toString(), functionName, functionArn, "$LATEST",
                "2025/01/01/[$LATEST]0123456789abcdef", 1024,
                System.nanoTime() + TIMEOUT.toNanos(), STANDARD_OUTPUT, false);
    }
}

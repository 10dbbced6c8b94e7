package dev.sagastack.local.twin.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@link LambdaLogger} that writes each message as one line prefixed with the function and request, like CloudWatch shows it. */
final class FunctionLogger implements LambdaLogger {

    private final PrintStream out;
    private final String prefix;

    FunctionLogger(PrintStream out, String functionName, String requestId) {
        this.out = out;
        this.prefix = "[" + functionName + " " + requestId + "] ";
    }

    @Override
    public void log(String message) {
        if (message == null) {
            return;
        }
        String line = message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
        out.println(prefix + line);
    }

    @Override
    public void log(byte[] message) {
        if (message != null) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    }
}

package dev.sagastack.local.twin.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The error documents Lambda returns as the payload of a failed invocation: the Java runtime's
 * {@code {"errorMessage","errorType","stackTrace","cause"}} for an exception, and the platform's
 * {@code {"errorType","errorMessage"}} for timeouts and crashed runtimes.
 */
final class FunctionErrors {

    static final String TIMED_OUT = "Sandbox.Timedout";
    static final String RUNTIME_EXIT = "Runtime.ExitError";

    private static final ObjectMapper JSON = new ObjectMapper();

    private FunctionErrors() {
    }

    static byte[] fromException(Throwable error) {
        return bytes(describe(error, Collections.newSetFromMap(new IdentityHashMap<>())));
    }

    static byte[] timedOut(String requestId, double timeoutSeconds) {
        return platform(TIMED_OUT, "RequestId: " + requestId + " Error: Task timed out after "
                + String.format(java.util.Locale.ROOT, "%.2f", timeoutSeconds) + " seconds");
    }

    static byte[] runtimeExited(String requestId) {
        return platform(RUNTIME_EXIT, "RequestId: " + requestId + " Error: Runtime exited with error: exit status 1");
    }

    static byte[] injected(String errorType, String message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("errorMessage", message);
        node.put("errorType", errorType);
        node.putArray("stackTrace");
        return bytes(node);
    }

    private static byte[] platform(String errorType, String message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("errorType", errorType);
        node.put("errorMessage", message);
        return bytes(node);
    }

    private static ObjectNode describe(Throwable error, Set<Throwable> seen) {
        seen.add(error);
        ObjectNode node = JSON.createObjectNode();
        if (error.getMessage() != null) {
            node.put("errorMessage", error.getMessage());
        }
        node.put("errorType", error.getClass().getName());
        ArrayNode trace = node.putArray("stackTrace");
        for (StackTraceElement element : error.getStackTrace()) {
            trace.add(element.getClassName() + "." + element.getMethodName() + "("
                    + element.getFileName() + ":" + element.getLineNumber() + ")");
        }
        Throwable cause = error.getCause();
        if (cause != null && !seen.contains(cause)) {
            node.set("cause", describe(cause, seen));
        }
        return node;
    }

    private static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}

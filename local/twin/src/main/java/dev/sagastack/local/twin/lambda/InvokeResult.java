package dev.sagastack.local.twin.lambda;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What Lambda's Invoke returns for a synchronous (RequestResponse) invocation.
 *
 * @param payload       the function's JSON response, or the error document when {@code functionError} is present
 * @param functionError   {@code "Unhandled"} when the function failed (the {@code X-Amz-Function-Error} header)
 * @param executedVersion the version that ran (the {@code X-Amz-Executed-Version} header)
 */
public record InvokeResult(String requestId, String functionName, byte[] payload, Optional<String> functionError,
                           String executedVersion) {

    public static final String UNHANDLED = "Unhandled";

    public boolean failed() {
        return functionError.isPresent();
    }

    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}

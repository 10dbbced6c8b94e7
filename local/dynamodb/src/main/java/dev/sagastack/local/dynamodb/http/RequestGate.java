package dev.sagastack.local.dynamodb.http;

import dev.sagastack.local.dynamodb.api.DynamoDbApi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A check a host puts in front of the protocol handler, e.g. the local twin's SigV4 and IAM policy
 * check: it sees the whole request (a signature covers the method, path, query and signed headers)
 * and either lets it through or answers in its place. Without a gate the server parses only the
 * headers it needs.
 */
@FunctionalInterface
public interface RequestGate {

    /**
     * @param rawPath  the request target's path, still percent-encoded
     * @param rawQuery the query after {@code ?}, still percent-encoded; empty when there is none
     * @param headers  every header by lower-case name, values in arrival order
     * @return empty to let the request through, or the response to send instead
     */
    Optional<DynamoDbApi.Response> refusal(String method, String rawPath, String rawQuery,
                                           Map<String, List<String>> headers, byte[] body);
}

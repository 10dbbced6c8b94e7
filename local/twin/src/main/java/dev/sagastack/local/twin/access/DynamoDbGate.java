package dev.sagastack.local.twin.access;

import dev.sagastack.local.dynamodb.api.DynamoDbApi;
import dev.sagastack.local.dynamodb.http.RequestGate;
import dev.sagastack.local.iam.HttpRequestView;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The DynamoDB engine's HTTP front end asks an {@link EndpointGuard} before its protocol handler runs. */
public final class DynamoDbGate {

    private DynamoDbGate() {
    }

    /** The gate for the engine's front end; empty when the guard lets everything through (no header parsing then). */
    public static Optional<RequestGate> of(EndpointGuard guard) {
        if (guard == EndpointGuard.OPEN) {
            return Optional.empty();
        }
        return Optional.of((method, rawPath, rawQuery, headers, body) ->
                guard.refusal(new HttpRequestView(method, rawPath, rawQuery, headers, body))
                        .map(error -> new DynamoDbApi.Response(error.status(),
                                error.body().getBytes(StandardCharsets.UTF_8))));
    }
}
